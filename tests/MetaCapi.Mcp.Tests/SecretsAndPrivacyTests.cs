using System.Text.Json;
using System.Text.RegularExpressions;
using MetaCapi.Mcp.Tests.Infrastructure;
using Xunit.Sdk;

namespace MetaCapi.Mcp.Tests;

/// <summary>
/// Secrets and customer data stay out of everything the server writes. Every <see cref="ServerSession"/> (so every
/// end-to-end scenario) runs with <see cref="ServerCommand.AccessToken"/> and <see cref="ServerCommand.AppSecret"/>
/// and scans its stdout, stderr and results for them and for the raw email and phone when it ends; these tests show
/// that scan can fail, and that the log names keys and counts, never values.
/// </summary>
public sealed partial class SecretsAndPrivacyTests : IDisposable
{
    /// <summary>A value for every user_data key; none occurs in the tool descriptions or schemas.</summary>
    private static readonly Dictionary<string, string> Customer = new()
    {
        ["em"] = "Zebulon.Quill@Example.net",
        ["ph"] = "(312) 555-0187",
        ["fn"] = "Zebulon",
        ["ln"] = "Quackenbush",
        ["db"] = "1971-03-04",
        ["ge"] = "female",
        ["ct"] = "Kalamazoo",
        ["st"] = "Michigan",
        ["zp"] = "49007-1234",
        ["country"] = "US",
        ["external_id"] = "Cust-77123-ZQ",
        ["client_ip_address"] = "198.51.100.23",
        ["client_user_agent"] = "ReliabilityAgent/9.9 (KestrelOS)",
        ["fbc"] = "fb.1.1700000000000.ZzTopClickId",
        ["fbp"] = "fb.1.1700000000000.987654321",
    };

    /// <summary>
    /// The customer values of hashed keys as given and as normalized, in forms long or unusual enough that they
    /// cannot turn up by chance inside a hash: never in a result, never in the log.
    /// </summary>
    private static readonly string[] HashedValues =
        ["Zebulon", "Quill", "555-0187", "3125550187", "Quackenbush", "1971-03-04", "19710304", "Kalamazoo", "Michigan", "49007-1234", "Cust-77123"];

    /// <summary>The values sent as given (in a preview's payload by design): never in the log.</summary>
    private static readonly string[] PlainValues = ["198.51.100.23", "ReliabilityAgent", "KestrelOS", "ZzTopClickId", "987654321"];

    private readonly GraphFake _graph = new();

    public void Dispose() => _graph.Dispose();

    [Fact]
    public async Task Logs_name_keys_and_counts_never_values_hashes_or_secrets()
    {
        await using var server = await ServerSession.StartAsync(ServerCommand.EnvironmentFor(_graph.Url));
        server.Forbid(HashedValues);
        var time = EventJson.Now - 60;

        var preview = await server.CallAsync("meta_preview_conversion_event", Event(time));
        Assert.Equal("sent", (await server.CallAsync("meta_send_conversion_event", Event(time))).Status());
        Assert.Equal("sent", (await server.CallAsync("meta_send_conversion_events",
            $$"""{"pixel_id": "{{GraphFake.PixelId}}", "events": [{{Event(time, withPixel: false)}}, {{Event(time, withPixel: false)}}]}""")).Status());
        var withBadEmail = Event(time).Replace($"\"{Customer["em"]}\"", $"[\"{Customer["em"]}\", \"Zebulon..Quill@@Example\"]", StringComparison.Ordinal);
        Assert.Contains((await server.CallAsync("meta_send_conversion_event", withBadEmail)).Issues("warnings"), w => w.Path == "user_data.em[1]");
        Assert.Equal("rejected", (await server.CallAsync("meta_send_conversion_event", Event(time).Replace(GraphFake.PixelId, "pixel-Zebulon", StringComparison.Ordinal))).Status());
        _graph.FailsWith(400, 190, subcode: 463);
        Assert.Equal("failed", (await server.CallAsync("meta_send_conversion_event", Event(time))).Status());
        Assert.Equal(0, await server.StopAsync());

        var log = string.Join("\n", server.StderrLines);
        foreach (var value in HashedValues.Concat(PlainValues).Append(ServerCommand.AccessToken).Append(ServerCommand.AppSecret))
        {
            Assert.DoesNotContain(value, log, StringComparison.OrdinalIgnoreCase);
        }

        var hashes = HexHash().Matches(preview.Structured().GetProperty("payload").GetRawText()).Select(m => m.Value).Distinct().ToList();
        Assert.Equal(11, hashes.Count);
        Assert.DoesNotContain(hashes, hash => log.Contains(hash, StringComparison.OrdinalIgnoreCase));

        Assert.Contains(server.StderrLines, l => l.Contains(
            $"meta_send_conversion_event: pixel 1234567890, 1 event(s), keys {JsonSerializer.Serialize(Customer.Keys)}: Sent after 1 attempt(s), events_received 1",
            StringComparison.Ordinal));
        Assert.Contains(server.StderrLines, l => l.Contains("meta_send_conversion_events: pixel 1234567890, 2 event(s)", StringComparison.Ordinal));
        Assert.Contains(server.StderrLines, l => l.Contains("meta_send_conversion_event: rejected 1 event(s) with 1 error(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_leak_scan_covers_stdout_stderr_and_results_and_fails_the_test_on_a_hit()
    {
        var server = await ServerSession.StartAsync(ServerCommand.EnvironmentFor(_graph.Url));
        await server.Client.ListToolsAsync();

        // A caller puts the token where it is echoed back (a custom event name): the result now carries it.
        var result = await server.CallAsync("meta_preview_conversion_event",
            EventJson.WebsitePurchase().Replace("\"Purchase\"", $"\"{ServerCommand.AccessToken}\"", StringComparison.Ordinal));

        Assert.Equal("preview", result.Status());
        Assert.Contains("\"meta_send_conversion_events\"", server.StdoutText, StringComparison.Ordinal);
        Assert.Contains(server.StderrLines, l => l.Contains("meta_preview_conversion_event: previewed 1 event", StringComparison.Ordinal));
        Assert.Equal([ServerCommand.AccessToken], Leaks.Find(server.Transcript()));
        var failure = await Assert.ThrowsAnyAsync<XunitException>(() => server.DisposeAsync().AsTask());
        Assert.Contains("leaked: 'EAAt…' (40 chars)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerCommand.AccessToken, failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A website purchase carrying <see cref="Customer"/>.</summary>
    private static string Event(long time, bool withPixel = true)
    {
        var arguments = new Dictionary<string, object?>
        {
            ["event_name"] = "Purchase",
            ["event_time"] = time,
            ["event_source_url"] = "https://shop.example.com/checkout/thanks",
            ["action_source"] = "website",
            ["event_id"] = "order-7",
            ["user_data"] = Customer,
            ["custom_data"] = new Dictionary<string, object> { ["value"] = 12.5, ["currency"] = "USD" },
        };
        if (withPixel)
        {
            arguments["pixel_id"] = GraphFake.PixelId;
        }

        return JsonSerializer.Serialize(arguments);
    }

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex HexHash();
}
