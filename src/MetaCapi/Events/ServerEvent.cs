using System.Text.Json.Serialization;

namespace MetaCapi.Events;

/// <summary>One event of a Conversions API request (<c>data[i]</c>), exactly as sent: only set fields appear.</summary>
public sealed record ServerEvent
{
    /// <summary>Standard or custom event name.</summary>
    [JsonPropertyName("event_name")]
    public required string EventName { get; init; }

    /// <summary>Unix time in seconds.</summary>
    [JsonPropertyName("event_time")]
    public required long EventTime { get; init; }

    /// <summary>Deduplication ID, equal to the browser Pixel's <c>eventID</c>.</summary>
    [JsonPropertyName("event_id")]
    public string? EventId { get; init; }

    /// <summary>Where the conversion happened.</summary>
    [JsonPropertyName("action_source")]
    public required ActionSource ActionSource { get; init; }

    /// <summary>URL where the conversion happened.</summary>
    [JsonPropertyName("event_source_url")]
    public string? EventSourceUrl { get; init; }

    /// <summary>Referrer seen by the page.</summary>
    [JsonPropertyName("referrer_url")]
    public string? ReferrerUrl { get; init; }

    /// <summary>Customer information, normalized and hashed.</summary>
    [JsonPropertyName("user_data")]
    public required UserData UserData { get; init; }

    /// <summary>Business data.</summary>
    [JsonPropertyName("custom_data")]
    public CustomData? CustomData { get; init; }

    /// <summary>App information (app events).</summary>
    [JsonPropertyName("app_data")]
    public AppData? AppData { get; init; }

    /// <summary>The earlier event this one refers to.</summary>
    [JsonPropertyName("original_event_data")]
    public OriginalEventData? OriginalEventData { get; init; }

    /// <summary>Use for attribution only, not for delivery optimization.</summary>
    [JsonPropertyName("opt_out")]
    public bool? OptOut { get; init; }

    /// <summary><c>[]</c> or <c>["LDU"]</c>.</summary>
    [JsonPropertyName("data_processing_options")]
    public IReadOnlyList<string>? DataProcessingOptions { get; init; }

    /// <summary><c>0</c> (geolocate) or <c>1</c> (US); with LDU.</summary>
    [JsonPropertyName("data_processing_options_country")]
    public int? DataProcessingOptionsCountry { get; init; }

    /// <summary><c>0</c> (geolocate) or a US state code 1000–1013; with LDU.</summary>
    [JsonPropertyName("data_processing_options_state")]
    public int? DataProcessingOptionsState { get; init; }

    /// <summary><c>messenger</c>, <c>whatsapp</c> or <c>instagram</c> (business messaging).</summary>
    [JsonPropertyName("messaging_channel")]
    public string? MessagingChannel { get; init; }
}
