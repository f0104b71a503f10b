using System.Text.Json.Serialization;

namespace MetaCapi.Events;

/// <summary>
/// The body of <c>POST /{version}/{pixel_id}/events</c>. The preview shows it without
/// <see cref="AccessToken"/> and <see cref="AppSecretProof"/>; the client adds both just before sending.
/// </summary>
public sealed record EventRequest
{
    /// <summary>The events, 1 to 1000.</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<ServerEvent> Data { get; init; }

    /// <summary>Routes the events to Events Manager → Test Events.</summary>
    [JsonPropertyName("test_event_code")]
    public string? TestEventCode { get; init; }

    /// <summary>The access token (set by the client, never shown).</summary>
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    /// <summary>HMAC-SHA256 of the token keyed with the app secret (set by the client, never shown).</summary>
    [JsonPropertyName("appsecret_proof")]
    public string? AppSecretProof { get; init; }

    /// <summary>The most events one request may carry.</summary>
    public const int MaxEvents = 1000;
}
