using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MetaCapi.Mcp.Tests.Http.Infrastructure;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests.Http;

/// <summary>
/// Who may call, and for which pixels: API keys (hashes in a file, constant-time comparison) and OAuth tokens from a
/// local issuer (discovery document + JWKS on 127.0.0.1), each checked in process and against the executable.
/// </summary>
public sealed class HttpAuthTests(HttpFixture fixture) : HttpTest<HttpFixture>(fixture)
{
    public static TheoryData<HostKind> Hosts => [HostKind.InProcess, HostKind.Process];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Without_a_credential_the_answer_is_401_pointing_at_the_protected_resource_metadata(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);

        using var response = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        var metadataUrl = ResourceMetadataUrl(challenge);
        Assert.EndsWith("/.well-known/oauth-protected-resource/mcp", metadataUrl, StringComparison.Ordinal);
        Assert.Empty(Graph.Requests);

        using var metadata = await http.GetAsync(new Uri(metadataUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        using var document = JsonDocument.Parse(await metadata.Content.ReadAsStringAsync());
        Assert.Equal(HttpFixture.Audience, document.RootElement.GetProperty("resource").GetString());
        Assert.Equal(Fixture.Issuer.Url, document.RootElement.GetProperty("authorization_servers")[0].GetString());
        Assert.Equal(["capi.send", "capi.read"], document.RootElement.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_wrong_key_or_a_hash_sent_as_the_key_is_401(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);

        foreach (var wrong in new[] { "mcpk-not-a-key-0000000000000000000000000000", HttpFixture.Sha256(HttpFixture.ShopKey), HttpFixture.ShopKey + "x" })
        {
            using var response = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("resource_metadata=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using var right = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, HttpFixture.ShopKey);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_key_for_pixel_A_calling_pixel_B_is_rejected_at_pixel_id_and_nothing_is_sent(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Latest, HttpFixture.ShopKey);

        var send = await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(HttpFixture.PixelB));
        var batch = await client.CallAsync("meta_send_conversion_events",
            $$"""{"pixel_id": "{{HttpFixture.PixelB}}", "events": [{{EventJson.WebsitePurchase().Replace($"\"pixel_id\": \"{GraphFake.PixelId}\",", "", StringComparison.Ordinal)}}]}""");
        var preview = await client.CallAsync("meta_preview_conversion_event", HttpMcp.Purchase(HttpFixture.PixelB));

        foreach (var result in new[] { send, batch, preview })
        {
            Assert.Equal("rejected", result.Status());
            Assert.True(result.IsError);
            Assert.Contains("pixel " + HttpFixture.PixelB, result.Error("pixel_id"), StringComparison.Ordinal);
        }

        Assert.Empty(Graph.Requests);
        Assert.Equal("sent", (await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(HttpFixture.PixelA))).Status());
        Assert.Single(Graph.Requests);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Every_tool_that_takes_pixel_id_refuses_a_pixel_the_caller_may_not_use(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Latest, HttpFixture.ShopKey);

        var tools = (await client.ListToolsAsync()).Where(t => t.ProtocolTool.InputSchema.GetProperty("properties").TryGetProperty("pixel_id", out _)).ToList();
        Assert.Contains(tools, t => t.Name == "meta_send_conversion_file");
        Assert.Contains(tools, t => t.Name == "meta_get_event_stats");
        foreach (var tool in tools)
        {
            var result = await client.CallAsync(tool.Name, $$"""{"pixel_id": "{{HttpFixture.PixelB}}"}""");
            Assert.Equal("rejected", result.Status());
            Assert.Contains("pixel " + HttpFixture.PixelB, result.Error("pixel_id"), StringComparison.Ordinal);
        }

        Assert.Empty(Graph.Requests);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_good_token_sends_for_the_pixels_of_its_meta_pixels_claim_only(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        var token = Fixture.Token(pixels: $"{HttpFixture.PixelA} 5555555555");
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Latest, token);

        Assert.Equal("sent", (await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(HttpFixture.PixelA))).Status());
        var refused = await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(HttpFixture.PixelB));

        Assert.Equal("rejected", refused.Status());
        Assert.Contains("pixel " + HttpFixture.PixelB, refused.Error("pixel_id"), StringComparison.Ordinal);
        Assert.Single(Graph.Requests);
        Assert.Equal(ServerCommand.AccessToken, Graph.Body().GetProperty("access_token").GetString());
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_2025_client_with_a_token_works_too(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Previous, Fixture.Token());

        Assert.Equal("sent", (await client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase(HttpFixture.PixelB))).Status());
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task An_expired_token_a_wrong_audience_or_a_foreign_signature_is_401(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        using var otherKey = RSA.Create(2048);
        var forged = Fixture.Issuer.Token(HttpFixture.Audience, signingKey: otherKey);
        var otherIssuer = Fixture.Issuer.Token(HttpFixture.Audience, issuer: "http://127.0.0.1:1/other");
        var bad = new[]
        {
            Fixture.Token(expiresIn: TimeSpan.FromHours(-2)),
            Fixture.Token(audience: "https://another-server.example/mcp"),
            forged,
            otherIssuer,
        };

        foreach (var token in bad)
        {
            using var response = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("resource_metadata=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using var good = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, Fixture.Token());
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Leaks.AssertNone(string.Join("\n", host.LogLines), [forged, otherIssuer]);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_token_without_the_scope_a_tool_needs_is_403_and_sends_nothing(HostKind kind)
    {
        var host = await Fixture.HostAsync(kind);
        using var http = Client(host);
        var readOnly = Fixture.Token(scope: "capi.read");

        var call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"meta_send_conversion_event\",\"arguments\":" +
                   HttpMcp.Purchase() + "}}";
        using var response = await HttpRequests.PostAsync(http, host, call, readOnly);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"capi.send\"", challenge, StringComparison.Ordinal);
        Assert.Contains("resource_metadata=", challenge, StringComparison.Ordinal);

        // Through the SDK: a read-only token lists and calls the read-only tools, and is refused the sending ones.
        await using var client = await HttpMcp.ConnectAsync(http, host.Endpoint, HttpMcp.Latest, readOnly);
        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("meta_preview_conversion_event", tools);
        Assert.DoesNotContain("meta_send_conversion_event", tools);
        Assert.Equal("preview", (await client.CallAsync("meta_preview_conversion_event", HttpMcp.Purchase())).Status());
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.CallAsync("meta_send_conversion_event", HttpMcp.Purchase()));
        Assert.Contains("403", refused.ToString(), StringComparison.Ordinal);

        // A send-only token may send, not preview; a token with neither scope may do nothing.
        using var sendOnly = await HttpRequests.PostAsync(http, host, call.Replace("meta_send_conversion_event", "meta_preview_conversion_event", StringComparison.Ordinal), Fixture.Token(scope: "capi.send"));
        Assert.Equal(HttpStatusCode.Forbidden, sendOnly.StatusCode);
        using var neither = await HttpRequests.PostAsync(http, host, HttpRequests.Initialize, Fixture.Token(scope: "openid"));
        Assert.Equal(HttpStatusCode.Forbidden, neither.StatusCode);
        Assert.Empty(Graph.Requests);
    }

    [Fact]
    public async Task Keys_are_compared_by_hash_the_file_never_holds_a_key()
    {
        var keysFile = await File.ReadAllTextAsync(Fixture.Environment["META_MCP_API_KEYS_FILE"]!);
        Assert.DoesNotContain(HttpFixture.ShopKey, keysFile, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(HttpFixture.ShopKey))), keysFile, StringComparison.Ordinal);
    }

    private static string ResourceMetadataUrl(AuthenticationHeaderValue challenge)
    {
        const string Name = "resource_metadata=\"";
        var parameter = challenge.Parameter!;
        var start = parameter.IndexOf(Name, StringComparison.Ordinal) + Name.Length;
        return parameter[start..parameter.IndexOf('"', start)];
    }
}
