using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Graph;
using MetaCapi.Input;
using MetaCapi.Mcp.Rendering;
using MetaCapi.Quality;
using MetaCapi.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MetaCapi.Mcp.Tools;

/// <summary>
/// <c>meta_send_conversion_events</c>: up to 1000 events in one request. All are validated first, because Meta
/// rejects a whole batch for one bad event: if any is invalid, nothing is sent.
/// </summary>
internal sealed class SendConversionEventsTool : SendingTool
{
    public const string ToolName = "meta_send_conversion_events";

    private const string Description =
        "Send 1 to 1000 server-side conversion events for one Meta Pixel (dataset) in a single request to Meta's Conversions API. " +
        "This has real effects at Meta. Each item of events takes every per-event field of meta_send_conversion_event " +
        "(event_name, event_time, action_source, user_data with RAW customer data that is normalized and SHA-256 hashed here, " +
        "custom_data, event_id, …). Every event is validated first; if any is invalid, NOTHING is sent and the result lists each " +
        "problem with its path (events[3].user_data.em), because Meta rejects a whole batch for one bad event. The result gives " +
        "Meta's events_received, warnings per event, and how many events carry each match key.";

    private static readonly string[] Parameters = ["pixel_id", "events", "test_event_code", "response_format"];

    public SendConversionEventsTool(
        EventPreparer preparer,
        IOptions<ConversionsApiOptions> options,
        IServiceProvider rootServices,
        ILogger<SendConversionEventsTool> logger)
        : base(
            Describe(ToolName, "Send Conversion Events in a Batch (CAPI)", Description, ToolSchemas.Batch(),
                readOnly: false, destructive: false, idempotent: false, openWorld: true),
            preparer,
            options,
            rootServices,
            logger)
    {
    }

    protected override async ValueTask<ToolResult> ExecuteAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var (arguments, diagnostics, services) = (toolCall.Arguments, toolCall.Diagnostics, toolCall.Services);
        var options = Options;
        foreach (var name in arguments.Keys)
        {
            if (!JsonValues.IsShownName(name))
            {
                diagnostics.Error("arguments",
                    $"arguments has a parameter name longer than {InputLimits.Name} characters (not repeated here). " +
                    $"Accepted parameters: {string.Join(", ", Parameters)}.");
            }
            else if (Array.IndexOf(Parameters, name) < 0)
            {
                diagnostics.Error(name, $"Unknown parameter '{name}'. Accepted parameters: {string.Join(", ", Parameters)}; per-event fields go inside each item of events.");
            }
        }

        var pixelId = CallArguments.PixelId(arguments, diagnostics);
        EventValidator.ValidatePixelId(pixelId, diagnostics);
        var testEventCode = CallArguments.TestEventCode(arguments, diagnostics) ?? options.TestEventCode;
        var events = PrepareEvents(arguments, diagnostics);
        if (testEventCode is not null)
        {
            diagnostics.Warning("test_event_code", EventCall.TestModeWarning(testEventCode, options));
        }

        EventCall.RequireToken(options, diagnostics, pixelId);
        var keysPerEvent = new List<IReadOnlyCollection<string>>(events.Length);
        foreach (var item in events)
        {
            if (item is not null)
            {
                keysPerEvent.Add(item.UserData.PresentKeys());
            }
        }

        var coverage = Coverage(keysPerEvent);
        var facts = new CallFacts(diagnostics.HasErrorAt("pixel_id") ? null : pixelId, null, null, testEventCode, [.. coverage.Keys]);
        var summary = new BatchSummary { Count = events.Length, MatchKeyCoverage = coverage };
        if (diagnostics.HasErrors)
        {
            return Reject(facts, diagnostics, events.Length) with { Events = summary };
        }

        var prepared = new List<ServerEvent>(events.Length);
        foreach (var item in events)
        {
            prepared.Add(item!);
        }

        var result = await DeliverAsync(facts, prepared, MatchQuality.AssessBatch(keysPerEvent), diagnostics, services, cancellationToken)
            .ConfigureAwait(false);
        return result with { Events = summary };
    }

    private ServerEvent?[] PrepareEvents(IReadOnlyDictionary<string, JsonElement> arguments, Diagnostics diagnostics)
    {
        if (!arguments.TryGetValue("events", out var events) || events.ValueKind == JsonValueKind.Null)
        {
            diagnostics.Error("events", "events is required: an array of 1 to 1000 events, each with the fields of meta_send_conversion_event.");
            return [];
        }

        if (events.ValueKind != JsonValueKind.Array)
        {
            diagnostics.Error("events", $"events must be an array of 1 to 1000 event objects, but got {Describe(events)}.");
            return [];
        }

        var count = events.GetArrayLength();
        if (count is 0 or > EventRequest.MaxEvents)
        {
            diagnostics.Error("events",
                $"events must hold 1 to {EventRequest.MaxEvents} events (Meta's limit per request); got {count}. Split larger sets into several calls.");
            return [];
        }

        JsonElement[] items = [.. events.EnumerateArray()];
        return Preparer.PrepareBatch(items, diagnostics);
    }

    /// <summary>For each user_data key (in Meta's order), how many events carry it.</summary>
    private static Dictionary<string, int> Coverage(List<IReadOnlyCollection<string>> keysPerEvent)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var keys in keysPerEvent)
        {
            foreach (var key in keys)
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var ordered = new Dictionary<string, int>(counts.Count, StringComparer.Ordinal);
        foreach (var key in UserDataKeys.All)
        {
            if (counts.TryGetValue(key, out var count))
            {
                ordered[key] = count;
            }
        }

        return ordered;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object (put a single event inside an array, or use meta_send_conversion_event)",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a " + value.ValueKind.ToString().ToLowerInvariant(),
    };
}
