using MetaCapi.Events;
using MetaCapi.Normalization;

namespace MetaCapi.Input;

/// <summary>
/// One event as the caller gave it: raw customer data, types already checked, rules not yet applied.
/// <see cref="EventInputReader"/> builds it from JSON; <see cref="EventPreparer"/> validates, normalizes and
/// turns it into the <see cref="ServerEvent"/> Meta receives. .NET callers may also fill it directly.
/// </summary>
internal sealed record EventInput
{
    /// <summary>Standard or custom event name.</summary>
    public string? EventName { get; init; }

    /// <summary>Unix time in seconds.</summary>
    public long? EventTime { get; init; }

    /// <summary>URL where the conversion happened.</summary>
    public string? EventSourceUrl { get; init; }

    /// <summary>One of <see cref="ActionSources.Names"/>, any case.</summary>
    public string? ActionSource { get; init; }

    /// <summary>Deduplication ID.</summary>
    public string? EventId { get; init; }

    /// <summary>Attribution only.</summary>
    public bool? OptOut { get; init; }

    /// <summary>Referrer seen by the page.</summary>
    public string? ReferrerUrl { get; init; }

    /// <summary>Raw customer data, one entry per value; <see langword="null"/> when <c>user_data</c> was not given.</summary>
    public IReadOnlyList<UserDataValue>? UserData { get; init; }

    /// <summary>Business data, as given (currency not yet upper-cased, rules not yet checked).</summary>
    public CustomData? CustomData { get; init; }

    /// <summary><c>[]</c> or <c>["LDU"]</c>.</summary>
    public IReadOnlyList<string>? DataProcessingOptions { get; init; }

    /// <summary><c>0</c> or <c>1</c>.</summary>
    public long? DataProcessingOptionsCountry { get; init; }

    /// <summary><c>0</c> or 1000–1013.</summary>
    public long? DataProcessingOptionsState { get; init; }

    /// <summary>App information.</summary>
    public AppData? AppData { get; init; }

    /// <summary><c>messenger</c>, <c>whatsapp</c> or <c>instagram</c>.</summary>
    public string? MessagingChannel { get; init; }

    /// <summary>The earlier event this one refers to.</summary>
    public OriginalEventData? OriginalEventData { get; init; }
}
