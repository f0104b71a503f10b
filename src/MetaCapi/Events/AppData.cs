using System.Text.Json.Serialization;

namespace MetaCapi.Events;

/// <summary>App information (<c>app_data</c>), required when <c>action_source</c> is <c>app</c>.</summary>
public sealed record AppData
{
    /// <summary>Whether the user allowed tracking (iOS 14.5+ ATT); required for app events.</summary>
    [JsonPropertyName("advertiser_tracking_enabled")]
    public bool? AdvertiserTrackingEnabled { get; init; }

    /// <summary>Whether app-level tracking is enabled; required for app events.</summary>
    [JsonPropertyName("application_tracking_enabled")]
    public bool? ApplicationTrackingEnabled { get; init; }

    /// <summary>The 16 positional extended device strings; required for app events.</summary>
    [JsonPropertyName("extinfo")]
    public IReadOnlyList<string>? Extinfo { get; init; }

    /// <summary>Campaign IDs from the app's deep link.</summary>
    [JsonPropertyName("campaign_ids")]
    public string? CampaignIds { get; init; }

    /// <summary>Android install referrer.</summary>
    [JsonPropertyName("install_referrer")]
    public string? InstallReferrer { get; init; }

    /// <summary>Android installer package.</summary>
    [JsonPropertyName("installer_package")]
    public string? InstallerPackage { get; init; }

    /// <summary>URL schemes the app handles.</summary>
    [JsonPropertyName("url_schemes")]
    public IReadOnlyList<string>? UrlSchemes { get; init; }

    /// <summary>iOS vendor ID.</summary>
    [JsonPropertyName("vendor_id")]
    public string? VendorId { get; init; }

    /// <summary>Windows attribution ID.</summary>
    [JsonPropertyName("windows_attribution_id")]
    public string? WindowsAttributionId { get; init; }
}

/// <summary>The earlier event this one refers to (<c>original_event_data</c>).</summary>
public sealed record OriginalEventData
{
    /// <summary>Name of the earlier event.</summary>
    [JsonPropertyName("event_name")]
    public string? EventName { get; init; }

    /// <summary>Unix time in seconds of the earlier event.</summary>
    [JsonPropertyName("event_time")]
    public long? EventTime { get; init; }

    /// <summary>Order ID of the earlier event.</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }

    /// <summary>Event ID of the earlier event.</summary>
    [JsonPropertyName("event_id")]
    public string? EventId { get; init; }
}
