using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests;

/// <summary>
/// Meta tokens per pixel (<c>META_PIXEL_TOKENS_FILE</c>): each request is sent with its pixel's own token, the others
/// with <c>META_ACCESS_TOKEN</c>, and a pixel without any token is refused before anything is sent.
/// </summary>
public sealed class PixelTokensTests : IDisposable
{
    private const string OtherPixel = "9876543210";
    private const string OtherToken = "EAAotherPIXELtoken5a4b3c2d1e0fSECRET";

    private readonly GraphFake _graph = new();
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pixel-tokens-{Guid.NewGuid():N}.json");

    public PixelTokensTests() => File.WriteAllText(_file, $$"""{"{{OtherPixel}}": "{{OtherToken}}"}""");

    public void Dispose()
    {
        _graph.Dispose();
        File.Delete(_file);
    }

    [Fact]
    public async Task Each_pixel_is_sent_with_its_own_token_or_the_default_one()
    {
        await using var server = await ServerSession.StartAsync(ServerCommand.EnvironmentFor(_graph.Url, new Dictionary<string, string?> { ["META_PIXEL_TOKENS_FILE"] = _file }));
        server.Forbid(OtherToken);

        Assert.Equal("sent", (await server.CallAsync("meta_send_conversion_event", EventJson.WebsitePurchase().Replace(GraphFake.PixelId, OtherPixel, StringComparison.Ordinal))).Status());
        Assert.Equal("sent", (await server.CallAsync("meta_send_conversion_event", EventJson.WebsitePurchase())).Status());

        var tokens = _graph.Requests.ToDictionary(r => r.RequestMessage.Path.Split('/')[2], r => System.Text.Json.JsonDocument.Parse(r.RequestMessage.Body!).RootElement.GetProperty("access_token").GetString());
        Assert.Equal(OtherToken, tokens[OtherPixel]);
        Assert.Equal(ServerCommand.AccessToken, tokens[GraphFake.PixelId]);
    }

    [Fact]
    public async Task Without_a_default_token_a_pixel_the_file_does_not_list_is_rejected_and_nothing_is_sent()
    {
        await using var server = await ServerSession.StartAsync(ServerCommand.EnvironmentFor(_graph.Url, new Dictionary<string, string?>
        {
            ["META_PIXEL_TOKENS_FILE"] = _file,
            ["META_ACCESS_TOKEN"] = null,
        }));
        server.Forbid(OtherToken);

        var refused = await server.CallAsync("meta_send_conversion_event", EventJson.WebsitePurchase());
        var batch = await server.CallAsync("meta_send_conversion_events",
            $$"""{"pixel_id": "{{GraphFake.PixelId}}", "events": [{{EventJson.WebsitePurchase().Replace($"\"pixel_id\": \"{GraphFake.PixelId}\",", "", StringComparison.Ordinal)}}]}""");

        Assert.Equal("rejected", refused.Status());
        Assert.Contains("META_PIXEL_TOKENS_FILE", refused.Error("META_ACCESS_TOKEN"), StringComparison.Ordinal);
        Assert.Equal("rejected", batch.Status());
        Assert.Empty(_graph.Requests);
        Assert.Equal("sent", (await server.CallAsync("meta_send_conversion_event", EventJson.WebsitePurchase().Replace(GraphFake.PixelId, OtherPixel, StringComparison.Ordinal))).Status());
    }
}
