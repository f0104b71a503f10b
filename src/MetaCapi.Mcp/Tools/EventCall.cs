using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Graph;
using MetaCapi.Input;
using MetaCapi.Mcp.Rendering;
using MetaCapi.Validation;

namespace MetaCapi.Mcp.Tools;

/// <summary>A single-event call, read and prepared: what send and preview share.</summary>
/// <param name="Event">The event to send, or <see langword="null"/> when the call has an error.</param>
/// <param name="Facts">What the call was about, for the result.</param>
internal sealed record EventCall(ServerEvent? Event, CallFacts Facts)
{
    /// <summary>The parameters a single-event tool reads itself; every other argument is a per-event field.</summary>
    public static readonly string[] CallParameters = ["pixel_id", "test_event_code", "response_format"];

    public static EventCall Read(
        IReadOnlyDictionary<string, JsonElement> arguments,
        Diagnostics diagnostics,
        EventPreparer preparer,
        ConversionsApiOptions options,
        bool pixelRequired)
    {
        var pixelId = CallArguments.PixelId(arguments, diagnostics);
        if (pixelRequired || pixelId is not null)
        {
            EventValidator.ValidatePixelId(pixelId, diagnostics);
        }

        var testEventCode = CallArguments.TestEventCode(arguments, diagnostics) ?? options.TestEventCode;
        var input = EventInputReader.Read(arguments, diagnostics, CallParameters);
        var serverEvent = preparer.Prepare(input, diagnostics);
        if (testEventCode is not null)
        {
            diagnostics.Warning("test_event_code", TestModeWarning(testEventCode, options));
        }

        var facts = new CallFacts(
            diagnostics.HasErrorAt("pixel_id") ? null : pixelId,
            serverEvent?.EventName ?? EchoName(input.EventName, diagnostics),
            serverEvent?.EventId ?? (diagnostics.HasErrorAt("event_id") ? null : input.EventId?.Trim()),
            testEventCode,
            serverEvent?.UserData.PresentKeys() ?? []);
        return new EventCall(serverEvent, facts);
    }

    /// <summary>The test-mode warning every sending or previewing tool gives (SPEC §4.2).</summary>
    public static string TestModeWarning(string code, ConversionsApiOptions options) =>
        $"Test mode: the events go to Events Manager → Test Events (code {code}" +
        (string.Equals(code, options.TestEventCode, StringComparison.Ordinal) ? ", from META_TEST_EVENT_CODE" : string.Empty) +
        "). Test events still count for ads measurement; remove the code in production.";

    /// <summary>The token check every sending tool makes.</summary>
    public static void RequireToken(ConversionsApiOptions options, Diagnostics diagnostics)
    {
        if (string.IsNullOrWhiteSpace(options.AccessToken))
        {
            diagnostics.Error("META_ACCESS_TOKEN",
                "No access token is configured, so nothing can be sent. Set the META_ACCESS_TOKEN environment variable for this server " +
                "(for example in the \"env\" block of claude_desktop_config.json or .vscode/mcp.json) to a Conversions API token from " +
                "Events Manager → your dataset → Settings → Conversions API → Generate access token, then restart the server. " +
                "meta_preview_conversion_event works without a token.");
        }
    }

    private static string? EchoName(string? name, Diagnostics diagnostics) =>
        name is null || diagnostics.HasErrorAt("event_name") ? null : name.Trim();
}
