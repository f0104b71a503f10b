using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Input;
using MetaCapi.Normalization;
using MetaCapi.Validation;

namespace MetaCapi;

/// <summary>
/// The pipeline from a caller's event to the event Meta receives: validate (docs/validation.md), normalize and
/// hash the customer data (docs/normalization.md), derive <c>fbc</c> from an <c>fbclid</c>, build the payload
/// (docs/architecture.md#the-request-to-meta). Every problem goes
/// into the one <see cref="Diagnostics"/>; an event with an error is not built.
/// </summary>
internal sealed class EventPreparer
{
    private readonly TimeProvider _timeProvider;
    private readonly UserDataNormalizer _normalizer;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="timeProvider">"Now", for the event-time and date-of-birth rules.</param>
    /// <param name="defaultCountry">ISO 3166-1 alpha-2 region for phones without country code (<c>META_DEFAULT_COUNTRY</c>).</param>
    public EventPreparer(TimeProvider timeProvider, string? defaultCountry = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _normalizer = new UserDataNormalizer(timeProvider, defaultCountry);
    }

    /// <summary>
    /// Validates and normalizes <paramref name="input"/>. Returns the event to send, or <see langword="null"/>
    /// when <paramref name="diagnostics"/> received an error for it.
    /// </summary>
    public ServerEvent? Prepare(EventInput input, Diagnostics diagnostics) => Prepare(input, diagnostics, null);

    /// <summary>
    /// <see cref="Prepare(EventInput, Diagnostics)"/> for an event of a batch: values that repeat across its events are
    /// hashed once per <paramref name="memo"/> (one per thread and batch; the result is the same without it).
    /// </summary>
    internal ServerEvent? Prepare(EventInput input, Diagnostics diagnostics, HashMemo? memo)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var actionSource = EventValidator.Validate(input, _timeProvider.GetUtcNow(), diagnostics);

        UserData? userData = null;
        if (input.UserData is not null && EventValidator.ValidateUserDataCounts(input.UserData, diagnostics))
        {
            userData = _normalizer.Normalize(input.UserData, diagnostics, memo);
            userData = WithDerivedFbc(userData, input, diagnostics);
            EventValidator.ValidateUserData(userData, actionSource, diagnostics);
        }

        if (diagnostics.HasErrorAt(string.Empty) || actionSource is not { } source || userData is null)
        {
            return null;
        }

        return new ServerEvent
        {
            EventName = input.EventName!.Trim(),
            EventTime = input.EventTime!.Value,
            EventId = input.EventId?.Trim(),
            ActionSource = source,
            EventSourceUrl = input.EventSourceUrl?.Trim(),
            ReferrerUrl = input.ReferrerUrl?.Trim(),
            UserData = userData,
            CustomData = Normalize(input.CustomData),
            AppData = input.AppData,
            OriginalEventData = input.OriginalEventData is { } original
                ? original with { EventName = original.EventName?.Trim() }
                : null,
            OptOut = input.OptOut,
            DataProcessingOptions = NormalizeOptions(input.DataProcessingOptions),
            DataProcessingOptionsCountry = (int?)input.DataProcessingOptionsCountry,
            DataProcessingOptionsState = (int?)input.DataProcessingOptionsState,
            MessagingChannel = input.MessagingChannel?.Trim().ToLowerInvariant(),
        };
    }

    /// <summary>
    /// Validates and normalizes a batch, each event exactly as <see cref="Prepare(EventInput, Diagnostics)"/> does. The problems of the event
    /// at index i are reported under <c>events[i]</c>, in event order. Events are independent, so a large batch is
    /// prepared on all cores (hashing dominates its cost); the result and the order of the problems do not depend on it.
    /// </summary>
    /// <returns>One entry per input, in order: the event to send, or <see langword="null"/> when it has an error.</returns>
    public ServerEvent?[] PrepareBatch(IReadOnlyList<EventInput> inputs, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(diagnostics);
        return PrepareBatch(inputs, static (input, _) => input, diagnostics);
    }

    /// <summary>
    /// Like <see cref="PrepareBatch(IReadOnlyList{EventInput}, Diagnostics)"/> for events given as JSON objects (the
    /// items of a tool's <c>events</c> array): each is read with <see cref="EventInputReader.Read(JsonElement, Diagnostics)"/>, then prepared.
    /// </summary>
    public ServerEvent?[] PrepareBatch(IReadOnlyList<JsonElement> events, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(diagnostics);
        return PrepareBatch(events, EventInputReader.Read, diagnostics);
    }

    private ServerEvent?[] PrepareBatch<T>(IReadOnlyList<T> items, Func<T, Diagnostics, EventInput> read, Diagnostics diagnostics)
    {
        var prepared = new ServerEvent?[items.Count];
        var found = new Diagnostics[items.Count];
        void PrepareAt(int index, HashMemo memo)
        {
            var eventDiagnostics = new Diagnostics();
            prepared[index] = Prepare(read(items[index], eventDiagnostics), eventDiagnostics, memo);
            found[index] = eventDiagnostics;
        }

        if (items.Count < ParallelBatchSize)
        {
            var memo = new HashMemo();
            for (var i = 0; i < items.Count; i++)
            {
                PrepareAt(i, memo);
            }
        }
        else
        {
            try
            {
                // One memo per worker thread, for this batch only.
                Parallel.For(0, items.Count, static () => new HashMemo(), (index, _, memo) =>
                {
                    PrepareAt(index, memo);
                    return memo;
                }, static _ => { });
            }
            catch (AggregateException exception) when (exception.InnerExceptions.Count > 0)
            {
                // Callers see the failure itself, as they would from a loop.
                ExceptionDispatchInfo.Throw(exception.InnerExceptions[0]);
                throw;
            }
        }

        for (var i = 0; i < found.Length; i++)
        {
            if (found[i].All.Count > 0)
            {
                diagnostics.WithPrefix(string.Create(CultureInfo.InvariantCulture, $"events[{i}]")).AddRange(found[i]);
            }
        }

        return prepared;
    }

    /// <summary>Batches at least this large are spread over the cores; below it the hand-off costs more than it saves.</summary>
    private const int ParallelBatchSize = 32;

    private static UserData WithDerivedFbc(UserData userData, EventInput input, Diagnostics diagnostics)
    {
        if (userData.Fbc is not null || input.EventSourceUrl is not { } url || input.EventTime is not { } time
            || diagnostics.HasErrorAt("event_source_url") || diagnostics.HasErrorAt("event_time"))
        {
            return userData;
        }

        if (!FbcDerivation.TryDerive(url.Trim(), time, out var fbc))
        {
            return userData;
        }

        diagnostics.Warning("user_data.fbc",
            "user_data.fbc was derived from the fbclid in event_source_url (fb.1.<event_time in ms>.<fbclid>); send the _fbc cookie when you have it.");
        return userData with { Fbc = fbc };
    }

    private static CustomData? Normalize(CustomData? data) =>
        data is null ? null : data with
        {
            Currency = data.Currency?.Trim().ToUpperInvariant(),
            ContentType = data.ContentType?.Trim(),
            DeliveryCategory = data.DeliveryCategory?.Trim(),
        };

    private static List<string>? NormalizeOptions(IReadOnlyList<string>? options)
    {
        if (options is null)
        {
            return null;
        }

        // Only "LDU" survives validation; send it in Meta's spelling, once.
        return options.Count == 0 ? [] : ["LDU"];
    }
}
