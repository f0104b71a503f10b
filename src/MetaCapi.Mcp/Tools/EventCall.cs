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

    /// <summary>The test-mode warning every sending or previewing tool gives (docs/validation.md#warnings).</summary>
    public static string TestModeWarning(string code, ConversionsApiOptions options) =>
        $"Test mode: the events go to Events Manager → Test Events (code {code}" +
        (string.Equals(code, options.TestEventCode, StringComparison.Ordinal) ? ", from META_TEST_EVENT_CODE" : string.Empty) +
        "). Test events still count for ads measurement; remove the code in production.";

    /// <summary>
    /// The token check every tool that calls Meta makes before anything is sent or asked: a token for
    /// <paramref name="pixelId"/> (its own from <c>META_PIXEL_TOKENS_FILE</c>, or <c>META_ACCESS_TOKEN</c>); without a
    /// valid pixel ID, any token. The error says which token the <paramref name="purpose"/> needs and where to get it.
    /// </summary>
    public static void RequireToken(
        ConversionsApiOptions options, Diagnostics diagnostics, string? pixelId = null, TokenPurpose purpose = TokenPurpose.Send)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var hasToken = pixelId is null || diagnostics.HasErrorAt("pixel_id")
            ? options.HasAnyAccessToken
            : options.AccessTokenFor(pixelId) is not null;
        if (hasToken)
        {
            return;
        }

        var reading = purpose == TokenPurpose.Read;
        var verb = reading ? "read" : "sent";
        if (options.PixelAccessTokens.Count > 0)
        {
            diagnostics.Error("META_ACCESS_TOKEN",
                $"No access token is configured for pixel {pixelId}, so nothing can be {verb}: this server's META_PIXEL_TOKENS_FILE " +
                "does not list it and META_ACCESS_TOKEN is not set. " + (reading
                    ? "Ask the server's operator to add a token that may read the dataset (ads_read) for this pixel to that file, then restart the server."
                    : "Ask the server's operator to add the pixel's Conversions API token to that file (or to set META_ACCESS_TOKEN), then restart the server."));
            return;
        }

        diagnostics.Error("META_ACCESS_TOKEN", reading
            ? "No access token is configured, so nothing can be read. Set the META_ACCESS_TOKEN environment variable for this server " +
              "to a token that may read the dataset: a system user token with ads_read (Business Settings → Users → System users → " +
              "assign the dataset → Generate new token), then restart the server."
            : "No access token is configured, so nothing can be sent. Set the META_ACCESS_TOKEN environment variable for this server " +
              "(for example in the \"env\" block of claude_desktop_config.json or .vscode/mcp.json) to a Conversions API token from " +
              "Events Manager → your dataset → Settings → Conversions API → Generate access token, then restart the server. " +
              "meta_preview_conversion_event works without a token.");
    }

    private static string? EchoName(string? name, Diagnostics diagnostics) =>
        name is null || diagnostics.HasErrorAt("event_name") ? null : name.Trim();
}

/// <summary>What a tool needs Meta's token for, which decides the token its error asks for.</summary>
internal enum TokenPurpose
{
    /// <summary>Sending events: the dataset's Conversions API token.</summary>
    Send,

    /// <summary>Reading stats and quality: a token with <c>ads_read</c> on the dataset.</summary>
    Read,
}
