namespace MetaCapi.Input;

/// <summary>
/// The most an input may hold, where a value has a natural size (see <c>docs/decisions.md</c>, "Input limits").
/// Lengths count UTF-16 characters of the value as given, before trimming. A value over its limit is an error that
/// says the limit and the length given, never the value, and it is rejected before it is copied or normalized.
/// </summary>
internal static class InputLimits
{
    /// <summary><c>event_name</c>: Meta's limit for custom event names.</summary>
    public const int EventName = 50;

    /// <summary>IDs: <c>event_id</c>, <c>order_id</c>, content IDs. Meta documents none; real IDs are far shorter.</summary>
    public const int Identifier = 1000;

    /// <summary><c>event_source_url</c>, <c>referrer_url</c>: the request-line limit of common web servers.</summary>
    public const int Url = 8192;

    /// <summary>Codes and enum values: <c>test_event_code</c>, <c>action_source</c>, <c>currency</c>, <c>response_format</c>, …</summary>
    public const int Code = 100;

    /// <summary>One <c>user_data</c> value, hashed or not: the longest real ones are user agents.</summary>
    public const int UserDataValue = 4096;

    /// <summary>Free text: <c>content_name</c>, <c>search_string</c>, product titles and descriptions, app_data strings.</summary>
    public const int Text = 4096;

    /// <summary>
    /// Values of one <c>user_data</c> key (an array of emails, phones, …): Meta matches a person on a few identifiers,
    /// and more than this is a list of customers sent as one, not one customer's data.
    /// </summary>
    public const int ValuesPerKey = 100;

    /// <summary>A parameter or property name (the keys of objects, custom properties included).</summary>
    public const int Name = 100;

    /// <summary>A JSON number written as text (a numeric string, or an ID given as a number).</summary>
    internal const int NumberText = 100;
}
