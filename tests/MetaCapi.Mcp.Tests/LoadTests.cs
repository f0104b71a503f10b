using System.Security.Cryptography;
using System.Text;
using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests;

/// <summary>Many calls at once through one server process: each answered, each with its own result.</summary>
public sealed class LoadTests(ServerFixture fixture) : ServerTest(fixture)
{
    private const int Calls = 50;

    [Fact]
    public async Task Fifty_concurrent_calls_through_one_server_each_get_their_own_result()
    {
        // Meta holds its answers until two requests overlap; each answer echoes its request's event_id.
        Graph.EchoesEventId();
        Server.Forbid("Load.Customer");
        var calls = Enumerable.Range(0, Calls)
            .Select(i => (EventId: $"load-{i:D2}", Email: $" Load.Customer.{i}@Example.ORG "))
            .ToArray();

        var results = await Task.WhenAll(calls.Select(call => Server.CallAsync("meta_send_conversion_event", EventJson.WebsitePurchase()
            .Replace("order-1001", call.EventId, StringComparison.Ordinal)
            .Replace(EventJson.RawEmail, call.Email, StringComparison.Ordinal))));

        for (var i = 0; i < Calls; i++)
        {
            var structured = results[i].Structured();
            Assert.Equal("sent", results[i].Status());
            Assert.Equal(calls[i].EventId, structured.GetProperty("event_id").GetString());
            Assert.Equal("echo-" + calls[i].EventId, structured.GetProperty("fbtrace_id").GetString());
            Assert.Equal(1, structured.GetProperty("attempts").GetInt32());
        }

        var posted = Graph.Requests.Select(r => r.RequestMessage.Body!).ToList();
        Assert.Equal(Calls, posted.Count);
        var emailHashByEventId = posted
            .Select(body => System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("data")[0])
            .ToDictionary(e => e.GetProperty("event_id").GetString()!, e => e.GetProperty("user_data").GetProperty("em")[0].GetString());
        foreach (var (eventId, email) in calls)
        {
            Assert.Equal(Sha256(email.Trim().ToLowerInvariant()), emailHashByEventId[eventId]);
        }

        Assert.True(Graph.MostConcurrentRequests > 1, "the calls never overlapped at Meta: they were not concurrent");
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
