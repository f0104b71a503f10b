using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MetaCapi.Graph;

/// <summary>
/// The reads: what Meta made of the events. <c>GET /{version}/dataset_quality</c> (Dataset Quality API) and
/// <c>GET /{version}/{pixel_id}/stats</c>, through the same pipeline as sending (timeouts, retries with
/// <c>Retry-After</c>, the same retry classification), with the token in an <c>Authorization: Bearer</c> header, never in
/// the URL. Requests, answers and the choices made are described in <c>docs/graph-reads.md</c>.
/// </summary>
public sealed partial class ConversionsApiClient
{
    /// <summary>The most pages read per aggregation of the stats; more is reported in a warning.</summary>
    internal const int MaxStatsPages = 100;

    /// <summary>The most events whose server/browser split is read (one request each, largest events first).</summary>
    internal const int MaxSplitEvents = 25;

    private const int SplitParallelism = 4;
    private const string QualityOperation = "dataset quality";
    private const string StatsOperation = "stats";

    /// <summary>
    /// Reads Meta's Dataset Quality API for the pixel: per event name, the Event Match Quality score, match-key coverage,
    /// diagnostics, event coverage, deduplication feedback, data freshness and additional conversions reported, for web
    /// and (where the token has Meta's beta access) offline events. A field Meta refuses as nonexisting is dropped and
    /// the request asked again, with a warning; a value Meta does not return stays null.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID: 1 to 20 ASCII digits.</param>
    /// <param name="agentName">Optional <c>agent_name</c>: only events sent with that (normalized) <c>partner_agent</c>.</param>
    /// <param name="cancellationToken">Stops the read; no attempt starts after it is cancelled.</param>
    /// <returns><see cref="ReadStatus.Ok"/> with the events, or <see cref="ReadStatus.Failed"/> with Meta's error (never an exception for those).</returns>
    /// <exception cref="ArgumentException">The pixel ID is not 1 to 20 digits.</exception>
    /// <exception cref="InvalidOperationException">No access token is configured (<c>META_ACCESS_TOKEN</c>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DatasetQualityResult> GetDatasetQualityAsync(
        string pixelId, string? agentName = null, CancellationToken cancellationToken = default)
    {
        CheckPixelId(pixelId);
        var read = new ReadSession(this, pixelId, QualityOperation, AccessTokenFor(pixelId));
        cancellationToken.ThrowIfCancellationRequested();
        agentName = string.IsNullOrWhiteSpace(agentName) ? null : agentName.Trim();
        GraphLog.Reading(_logger, QualityOperation, pixelId);

        var fields = DatasetQualityFields.Default;
        var dropped = new List<string>();
        while (true)
        {
            List<KeyValuePair<string, string>> query = [new("dataset_id", pixelId), new("fields", fields.ToString())];
            if (agentName is not null)
            {
                query.Add(new("agent_name", agentName));
            }

            var outcome = await read.GetAsync("dataset_quality", query, cancellationToken).ConfigureAwait(false);
            if (outcome.Body is { } body)
            {
                using (body)
                {
                    var events = DatasetQualityReader.Read(body.RootElement);
                    read.LogDone();
                    return read.Complete(new DatasetQualityResult
                    {
                        Status = ReadStatus.Ok,
                        PixelId = pixelId,
                        AgentName = agentName,
                        Events = events,
                        FieldsDropped = dropped,
                    });
                }
            }

            var failure = outcome.Failure!;
            var (field, next) = WhatToAskInstead(fields, failure.Error);
            if (next is not null && read.OutOfTime)
            {
                read.Warn($"Meta refused the field {field}; not asked again without it: {read.BudgetSpent}.");
                next = null;
            }

            if (next is null || dropped.Contains(field!))
            {
                return read.Fail(
                    new DatasetQualityResult { Status = ReadStatus.Failed, PixelId = pixelId, AgentName = agentName, FieldsDropped = dropped },
                    failure);
            }

            GraphLog.FieldRefused(_logger, pixelId, field!, QualityOperation);
            dropped.Add(field!);
            read.Warn(field == "offline" && failure.Error?.Code != 100
                ? "Meta refused the offline events' quality (a beta of Meta's: ask your Meta representative for access), so it " +
                  "was asked again for web events only."
                : field == DatasetQualityFields.DedupeSpelling
                    ? $"Meta does not know the field {field} here, so it was asked again as {DatasetQualityFields.DedupSpelling} " +
                      "(Meta has used both spellings)."
                    : $"Meta does not know the field {field} (on this API version or dataset), so it was asked again without it; " +
                      "what it would have told is absent (null).");
            fields = next;
        }
    }

    /// <summary>
    /// Reads the pixel's stats over [<paramref name="since"/>, <paramref name="until"/>): every hourly bucket of every
    /// page of <c>aggregation=event</c> summed per event; <c>aggregation=match_keys</c> summed per key; and the split by
    /// source (<c>aggregation=event_source</c>), pixel-wide and per event (largest events first, at most 25). Only the
    /// event counts are required: a split or key count Meta refuses becomes a warning and stays null.
    /// </summary>
    /// <param name="pixelId">The pixel (dataset) ID: 1 to 20 ASCII digits.</param>
    /// <param name="since">Start of the window (<c>start_time</c>).</param>
    /// <param name="until">End of the window (<c>end_time</c>), after <paramref name="since"/>.</param>
    /// <param name="cancellationToken">Stops the read; no attempt starts after it is cancelled.</param>
    /// <returns><see cref="ReadStatus.Ok"/> with the counts, or <see cref="ReadStatus.Failed"/> with Meta's error (never an exception for those).</returns>
    /// <exception cref="ArgumentException">The pixel ID is not 1 to 20 digits, or <paramref name="until"/> is not after <paramref name="since"/>.</exception>
    /// <exception cref="InvalidOperationException">No access token is configured (<c>META_ACCESS_TOKEN</c>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<EventStatsResult> GetEventStatsAsync(
        string pixelId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        CheckPixelId(pixelId);
        if (until <= since)
        {
            throw new ArgumentException("The end of the window must come after its start.", nameof(until));
        }

        var read = new ReadSession(this, pixelId, StatsOperation, AccessTokenFor(pixelId));
        cancellationToken.ThrowIfCancellationRequested();
        GraphLog.Reading(_logger, StatsOperation, pixelId);
        List<KeyValuePair<string, string>> window =
        [
            new("start_time", since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new("end_time", until.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ];

        var byEvent = await read.AllPagesAsync([new("aggregation", "event"), .. window], cancellationToken).ConfigureAwait(false);
        if (byEvent.Failure is { } failure)
        {
            return read.Fail(new EventStatsResult { Status = ReadStatus.Failed, PixelId = pixelId, Since = since, Until = until }, failure);
        }

        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in byEvent.Rows)
        {
            if ((row.Value ?? row.Event) is { Length: > 0 } name)
            {
                totals[name] = totals.GetValueOrDefault(name) + row.Count;
            }
        }

        var keys = read.OutOfTime
            ? read.Skip("how many events carried each match key")
            : await read.AllPagesAsync([new("aggregation", "match_keys"), .. window], cancellationToken).ConfigureAwait(false);
        if (keys.Failure is { } keysFailure)
        {
            read.Warn($"How many events carried each match key could not be read: {Describe(keysFailure)}");
        }

        var split = await ReadSplitAsync(read, window, totals, cancellationToken).ConfigureAwait(false);
        var events = totals
            .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair =>
            {
                var counts = split.PerEvent.GetValueOrDefault(pair.Key);
                return new EventSourceCounts
                {
                    EventName = pair.Key,
                    Total = pair.Value,
                    Server = counts?.Server,
                    Browser = counts?.Browser,
                    Other = counts?.Other,
                    MatchKeys = KeyCounts(keys.Rows.Where(row => row.Event == pair.Key)),
                };
            })
            .ToList();

        read.LogDone();
        return read.Complete(new EventStatsResult
        {
            Status = ReadStatus.Ok,
            PixelId = pixelId,
            Since = since,
            Until = until,
            Events = events,
            MatchKeys = KeyCounts(keys.Rows),
            Sources = split.Sources,
        });
    }

    private static (string? Field, DatasetQualityFields? Next) WhatToAskInstead(DatasetQualityFields fields, GraphError? error)
    {
        if (DatasetQualityFields.RefusedField(error) is { } refused)
        {
            return (refused, fields.Without(refused));
        }

        // Offline quality is a beta of Meta's: a token without it may be refused the whole request.
        return error?.Code is 10 or (>= 200 and <= 299) && fields.Contains("offline")
            ? ("offline", fields.Without("offline"))
            : (null, null);
    }

    /// <summary>
    /// The split by source: pixel-wide, then per event with <c>event=</c> (skipped when the pixel-wide rows already name
    /// their event). Failures become warnings; an event without a split keeps nulls.
    /// </summary>
    private static async Task<SourceSplit> ReadSplitAsync(
        ReadSession read,
        List<KeyValuePair<string, string>> window,
        Dictionary<string, long> totals,
        CancellationToken cancellationToken)
    {
        var perEvent = new Dictionary<string, SplitCounts>(StringComparer.Ordinal);
        if (read.OutOfTime)
        {
            read.Skip("where the events came from (server or browser)");
            return new SourceSplit([], perEvent);
        }

        var pixelWide = await read.AllPagesAsync([new("aggregation", "event_source"), .. window], cancellationToken).ConfigureAwait(false);
        if (pixelWide.Failure is { } failure)
        {
            read.Warn($"Where the events came from (server or browser) could not be read: {Describe(failure)}");
            return new SourceSplit([], perEvent);
        }

        var sources = pixelWide.Rows
            .Where(row => row.Value is { Length: > 0 })
            .GroupBy(row => row.Value!, StringComparer.Ordinal)
            .Select(group => new SourceCount { Source = group.Key, Kind = SourceKind(group.Key), Count = group.Sum(row => row.Count) })
            .OrderByDescending(source => source.Count).ThenBy(source => source.Source, StringComparer.Ordinal)
            .ToList();

        if (pixelWide.Rows.Any(row => row.Event is not null))
        {
            // Meta named each row's event: the split per event is already here.
            foreach (var group in pixelWide.Rows.Where(row => row.Event is not null).GroupBy(row => row.Event!, StringComparer.Ordinal))
            {
                perEvent[group.Key] = SplitCounts.Of(group);
            }

            return new SourceSplit(sources, perEvent);
        }

        var largest = totals.Where(pair => pair.Value > 0)
            .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key)
            .ToList();
        if (largest.Count > MaxSplitEvents)
        {
            read.Warn($"The server/browser split was read for the {MaxSplitEvents} largest events only; not for " +
                      $"{string.Join(", ", largest.Skip(MaxSplitEvents))}.");
            largest.RemoveRange(MaxSplitEvents, largest.Count - MaxSplitEvents);
        }

        var failed = new List<string>();
        using var gate = new SemaphoreSlim(SplitParallelism);
        var reads = largest.Select(async name =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var pages = read.OutOfTime
                    ? null
                    : await read.AllPagesAsync([new("aggregation", "event_source"), new("event", name), .. window], cancellationToken)
                        .ConfigureAwait(false);
                return (Name: name, Pages: pages);
            }
            finally
            {
                gate.Release();
            }
        });

        var pixelWideTotal = sources.Sum(source => source.Count);
        var filterIgnored = 0;
        var skipped = new List<string>();
        foreach (var (name, pages) in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            if (pages is null)
            {
                skipped.Add(name);
                continue;
            }

            if (pages.Failure is { } eventFailure)
            {
                failed.Add($"{name} ({Describe(eventFailure)})");
                continue;
            }

            var counts = SplitCounts.Of(pages.Rows);
            if (pixelWideTotal > 0 && counts.Sum == pixelWideTotal && totals[name] * 2 < pixelWideTotal)
            {
                filterIgnored++;
            }

            perEvent[name] = counts;
        }

        if (filterIgnored > 1)
        {
            // Every event got the pixel-wide split: Meta ignored the event filter, so no per-event split is known.
            read.Warn("Meta answered every event with the pixel-wide split (it ignored the event filter), so the split per " +
                      "event is unknown; see sources for the pixel-wide split.");
            perEvent.Clear();
        }

        if (failed.Count > 0)
        {
            read.Warn($"The server/browser split could not be read for {string.Join("; ", failed)}.");
        }

        if (skipped.Count > 0)
        {
            read.Warn($"The server/browser split was not read for {string.Join(", ", skipped)}: {read.BudgetSpent}.");
        }

        return new SourceSplit(sources, perEvent);
    }

    private static List<MatchKeyCount> KeyCounts(IEnumerable<EventStatsReader.Row> rows)
    {
        var counts = new Dictionary<string, (string Identifier, long Count)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Value is not { Length: > 0 } identifier)
            {
                continue;
            }

            var key = MatchKeyNames.ToUserDataKey(identifier) ?? identifier;
            counts[key] = counts.TryGetValue(key, out var known) ? (known.Identifier, known.Count + row.Count) : (identifier, row.Count);
        }

        return
        [
            .. counts
                .OrderByDescending(pair => pair.Value.Count).ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => new MatchKeyCount { Key = pair.Key, Identifier = pair.Value.Identifier, Count = pair.Value.Count }),
        ];
    }

    /// <summary>server, browser or other, from Meta's name of a source (see <c>docs/graph-reads.md</c>).</summary>
    internal static string SourceKind(string source) => source.Trim().ToUpperInvariant() switch
    {
        "SERVER" or "SERVER_ONLY" or "CAPI" or "CONVERSIONS_API" => "server",
        "BROWSER" or "WEB" or "WEB_ONLY" or "PIXEL" => "browser",
        _ => "other",
    };

    /// <summary>A secondary request's failure in a warning: Meta's code and message, or the transport error.</summary>
    private static string Describe(DeliveryResult failure) =>
        failure.Error is { } error
            ? $"Meta refused it (code {error.Code?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}" +
              (error.Message is { Length: > 0 } message ? $": {message}" : string.Empty) + ")."
            : failure.TransportError ?? $"HTTP {failure.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}.";

    private Uri ReadUri(string path, IEnumerable<KeyValuePair<string, string>> query, string token)
    {
        var text = new StringBuilder(_options.GraphBaseUrl.AbsoluteUri.TrimEnd('/'))
            .Append('/').Append(_options.GraphApiVersion).Append('/').Append(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            text.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        if (!string.IsNullOrEmpty(_options.AppSecret))
        {
            // Graph reads the proof from the query of a GET; it is an HMAC of the token, not the token.
            text.Append(separator).Append("appsecret_proof=").Append(ComputeAppSecretProof(_options.AppSecret, token));
        }

        return new Uri(text.ToString(), UriKind.Absolute);
    }

    /// <summary>The counts of one event (or the pixel) by kind of source.</summary>
    private sealed record SplitCounts(long Server, long Browser, long Other)
    {
        public long Sum => Server + Browser + Other;

        public static SplitCounts Of(IEnumerable<EventStatsReader.Row> rows)
        {
            long server = 0, browser = 0, other = 0;
            foreach (var row in rows)
            {
                switch (row.Value is null ? "other" : SourceKind(row.Value))
                {
                    case "server":
                        server += row.Count;
                        break;
                    case "browser":
                        browser += row.Count;
                        break;
                    default:
                        other += row.Count;
                        break;
                }
            }

            return new SplitCounts(server, browser, other);
        }
    }

    private sealed record SourceSplit(List<SourceCount> Sources, Dictionary<string, SplitCounts> PerEvent);

    /// <summary>One GET: the answer's JSON object, or what went wrong (with the read's hint).</summary>
    private sealed record ReadOutcome(JsonDocument? Body, DeliveryResult? Failure);

    /// <summary>Every page of one stats query: its rows, or the failure that stopped it.</summary>
    private sealed record PagedRows(List<EventStatsReader.Row> Rows, DeliveryResult? Failure);

    /// <summary>
    /// One read: its token, the attempts and requests of all its GETs, and its warnings. The per-event stats requests run
    /// concurrently, so the tallies are locked.
    /// </summary>
    private sealed class ReadSession(ConversionsApiClient client, string pixelId, string operation, string token)
    {
        private readonly Lock _gate = new();
        private readonly List<string> _warnings = [];
        private readonly Redactor _redactor = new(token, client._options.AppSecret);
        private readonly long _start = client._timeProvider.GetTimestamp();
        private int _attempts;
        private int _requests;

        /// <summary>
        /// Whether the read has run past the total timeout. Each request is bounded by it on its own; a read of many
        /// requests starts no new one after that, so it ends within about twice the bound, with what it has.
        /// </summary>
        public bool OutOfTime => client._timeProvider.GetElapsedTime(_start) > client._options.TotalTimeout;

        /// <summary>Why a part was not read, for warnings.</summary>
        public string BudgetSpent =>
            $"the read had taken longer than the total timeout of {OptionRules.Seconds(client._options.TotalTimeout)} s " +
            $"({ConversionsApiSettings.HttpTotalTimeoutSeconds})";

        /// <summary>A part of the read not asked for because time ran out: empty, with a warning.</summary>
        public PagedRows Skip(string what)
        {
            Warn($"Not read: {what}; {BudgetSpent}.");
            return new PagedRows([], null);
        }

        public void Warn(string warning)
        {
            lock (_gate)
            {
                _warnings.Add(warning);
            }
        }

        /// <summary>The result with the tallies and warnings of the read.</summary>
        public T Complete<T>(T result)
            where T : GraphReadResult
        {
            lock (_gate)
            {
                return result with { Attempts = _attempts, Requests = _requests, Warnings = [.. result.Warnings, .. _warnings] };
            }
        }

        public void LogDone() => GraphLog.Read(client._logger, pixelId, operation, _requests, _attempts);

        /// <summary>The failed result: the failure's facts, its note as a warning, the tallies; logged.</summary>
        public T Fail<T>(T result, DeliveryResult failure)
            where T : GraphReadResult
        {
            if (failure.Error is { } error)
            {
                GraphLog.ReadRefused(
                    client._logger, pixelId, operation, _attempts, failure.HttpStatus, error.Code, error.Subcode, failure.FbtraceId);
            }
            else
            {
                GraphLog.ReadFailed(client._logger, pixelId, operation, failure.TransportError ?? $"HTTP {failure.HttpStatus}");
            }

            if (failure.ResponseNote is { } note)
            {
                Warn(note);
            }

            return Complete(result with
            {
                HttpStatus = failure.HttpStatus,
                Error = failure.Error,
                TransportError = failure.TransportError,
                RetryAfter = failure.RetryAfter,
                FbtraceId = failure.FbtraceId ?? failure.Error?.FbtraceId,
            });
        }

        /// <summary>Every page of a stats query, following <c>paging</c> (at most <see cref="MaxStatsPages"/>).</summary>
        public async Task<PagedRows> AllPagesAsync(List<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
        {
            var rows = new List<EventStatsReader.Row>();
            var current = query;
            for (var page = 1; ; page++)
            {
                var outcome = await GetAsync($"{pixelId}/stats", current, cancellationToken).ConfigureAwait(false);
                if (outcome.Body is not { } body)
                {
                    return new PagedRows(rows, outcome.Failure);
                }

                EventStatsReader.Page read;
                using (body)
                {
                    read = EventStatsReader.Read(body.RootElement);
                }

                rows.AddRange(read.Rows);
                if (!read.HasNext)
                {
                    return new PagedRows(rows, null);
                }

                if (OutOfTime)
                {
                    Warn($"Stopped after {page} page(s) of {QueryName(query)}: {BudgetSpent}; the counts cover only those pages.");
                    return new PagedRows(rows, null);
                }

                if (page == MaxStatsPages)
                {
                    Warn($"Stopped after {MaxStatsPages} pages of {QueryName(query)}; the counts cover only those pages.");
                    return new PagedRows(rows, null);
                }

                current = read.After is { } after
                    ? [.. query, new("after", after)]
                    : [.. read.NextQuery!];
            }
        }

        /// <summary>One GET through the pipeline: the JSON object Meta answered, or the failure with the read's hint.</summary>
        public async Task<ReadOutcome> GetAsync(
            string path, IEnumerable<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, client.ReadUri(path, query, token));
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var tracker = new DeliveryTracker(pixelId, 0, client._timeProvider.GetTimestamp()) { Operation = operation };

            DeliveryResult result;
            ResponseSnapshot? response;
            try
            {
                (result, response) = await client.ExchangeAsync(message, tracker, _redactor, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                GraphLog.ReadCancelled(client._logger, operation, pixelId);
                throw;
            }
            finally
            {
                lock (_gate)
                {
                    _attempts += tracker.Attempts;
                    _requests++;
                }
            }

            if (result is { Status: DeliveryStatus.Sent, Error: null } && response is not null
                && LenientJson.ParseObject(response.Body) is { } body)
            {
                return new ReadOutcome(body, null);
            }

            if (result.Status == DeliveryStatus.Sent)
            {
                // HTTP 2xx, but not a JSON object: nothing can be read from it.
                result = result with
                {
                    Status = DeliveryStatus.Failed,
                    TransportError = result.ResponseNote ?? $"HTTP {result.HttpStatus} but the body was not a JSON object.",
                    ResponseNote = null,
                };
            }

            return new ReadOutcome(null, result.Error is { } error
                ? result with { Error = error with { Hint = GraphErrorHints.ForRead(error.Code, error.Subcode) } }
                : result);
        }

        private static string QueryName(List<KeyValuePair<string, string>> query) =>
            string.Join('&', query.Where(pair => pair.Key is "aggregation" or "event").Select(pair => $"{pair.Key}={pair.Value}"));
    }
}
