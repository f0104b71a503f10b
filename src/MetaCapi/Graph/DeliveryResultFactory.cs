using System.Globalization;
using System.Net.Sockets;
using Polly.Timeout;

namespace MetaCapi.Graph;

/// <summary>
/// Turns what happened during a delivery into a <see cref="DeliveryResult"/>: Meta's values as sent, and plain
/// descriptions of what went wrong without a Graph error. Bodies are described (content type and size), never quoted.
/// </summary>
internal static class DeliveryResultFactory
{
    /// <summary>A result from the answer the pipeline returned (the last attempt's).</summary>
    public static DeliveryResult FromResponse(ResponseSnapshot response, int attempts, DeliveryTracker? tracker, Redactor redactor)
    {
        var body = GraphResponseReader.Read(response.Body);
        var error = CompleteError(body.Error, response.Status, redactor);
        var isSuccess = response.Status is >= 200 and < 300;
        var result = new DeliveryResult
        {
            Status = isSuccess && error is null ? DeliveryStatus.Sent : DeliveryStatus.Failed,
            Attempts = attempts,
            HttpStatus = response.Status,
            EventsReceived = isSuccess ? body.EventsReceived : null,
            Messages = body.Messages.Select(m => redactor.Clean(m)!).ToArray(),
            FbtraceId = redactor.Clean(error?.FbtraceId ?? body.FbtraceId ?? response.TraceHeader),
            Error = error,
            RetryAfter = response.RetryAfter,
        };

        if (isSuccess)
        {
            return result with { ResponseNote = SuccessNote(response, body, redactor, isRead: tracker?.Operation is not null) };
        }

        return result with
        {
            TransportError = error is null ? $"HTTP {response.Status} with {DescribeBody(response, body, redactor)}." : null,
            ResponseNote = BudgetNote(tracker),
        };
    }

    /// <summary>A result for a delivery the pipeline ended with an exception (timeouts, network failures).</summary>
    public static DeliveryResult FromException(
        Exception exception,
        int attempts,
        DeliveryTracker? tracker,
        ConversionsApiOptions options,
        Redactor redactor)
    {
        var what = exception is TimeoutRejectedException && tracker?.TotalTimeoutElapsed == true
            ? $"No answer within the total timeout of {OptionRules.Seconds(options.TotalTimeout)} s " +
              $"({ConversionsApiSettings.HttpTotalTimeoutSeconds})"
            : exception is TimeoutRejectedException
                ? $"No answer within the attempt timeout of {OptionRules.Seconds(options.AttemptTimeout)} s " +
                  $"({ConversionsApiSettings.HttpTimeoutSeconds})"
                : Capitalize(Describe(exception));

        var transportError = new System.Text.StringBuilder(what)
            .Append(CultureInfo.InvariantCulture, $" after {attempts} attempt{(attempts == 1 ? "" : "s")}");

        var last = tracker?.LastResponse;
        if (tracker?.TotalTimeoutElapsed == true && tracker.LastFailure is { } failure)
        {
            transportError.Append("; the last attempt: ").Append(failure);
        }
        else if (last is not null)
        {
            transportError.Append(CultureInfo.InvariantCulture, $"; the last answer received was HTTP {last.Status}");
        }

        transportError.Append('.');

        if (last is null)
        {
            return new DeliveryResult
            {
                Status = DeliveryStatus.Failed,
                Attempts = attempts,
                TransportError = transportError.ToString(),
            };
        }

        var body = GraphResponseReader.Read(last.Body);
        var error = CompleteError(body.Error, last.Status, redactor);
        return new DeliveryResult
        {
            Status = DeliveryStatus.Failed,
            Attempts = attempts,
            HttpStatus = last.Status,
            Messages = body.Messages.Select(m => redactor.Clean(m)!).ToArray(),
            FbtraceId = redactor.Clean(error?.FbtraceId ?? body.FbtraceId ?? last.TraceHeader),
            Error = error,
            TransportError = transportError.ToString(),
            RetryAfter = last.RetryAfter,
        };
    }

    /// <summary>What an attempt that ended in <paramref name="exception"/> ran into, in lower case, for messages and logs.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        TimeoutRejectedException => "no answer within the timeout",
        HttpRequestException http => DescribeHttp(http),
        SocketException socket => DescribeSocket(socket.SocketErrorCode),
        IOException => "the connection failed",
        _ => $"the request failed ({exception.GetType().Name})",
    };

    private static GraphError? CompleteError(GraphError? error, int status, Redactor redactor) =>
        error is null
            ? null
            : error with
            {
                Type = redactor.Clean(error.Type),
                Message = redactor.Clean(error.Message),
                UserTitle = redactor.Clean(error.UserTitle),
                UserMessage = redactor.Clean(error.UserMessage),
                FbtraceId = redactor.Clean(error.FbtraceId),
                Retryable = RetryClassifier.ShouldRetry(status, error.Code, error.IsTransient),
                Hint = GraphErrorHints.For(error.Code, error.Subcode),
            };

    private static string? SuccessNote(ResponseSnapshot response, GraphBody body, Redactor redactor, bool isRead)
    {
        if (response.BodyProblem is { } problem)
        {
            return isRead
                ? $"HTTP {response.Status} with {problem}, so Meta's answer could not be read."
                : $"HTTP {response.Status} with {problem}: Meta accepted the request, but how many events it received is not known.";
        }

        if (body.Kind != GraphBodyKind.Object)
        {
            return $"HTTP {response.Status} but the body was not the expected JSON ({DescribeBody(response, body, redactor)}).";
        }

        return body.EventsReceived is null
            ? $"HTTP {response.Status} without events_received: how many events Meta received is not known."
            : null;
    }

    private static string? BudgetNote(DeliveryTracker? tracker) =>
        tracker?.RetryAfterBeyondBudget is var (retryAfter, remaining)
            ? $"Not retried: Meta asked to wait {OptionRules.Seconds(retryAfter)} s (Retry-After), longer than the " +
              $"{OptionRules.Seconds(remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining)} s left of the total timeout " +
              $"({ConversionsApiSettings.HttpTotalTimeoutSeconds})."
            : null;

    private static string DescribeBody(ResponseSnapshot response, GraphBody body, Redactor redactor)
    {
        if (response.Status is >= 300 and < 400)
        {
            return "a redirect, which is not followed (the access token is never sent to another address)";
        }

        if (response.BodyProblem is { } problem)
        {
            return problem;
        }

        var type = redactor.Clean(Shorten(response.MediaType)) ?? "no content type";
        var size = $"{response.Body.Length} byte{(response.Body.Length == 1 ? "" : "s")}";
        return body.Kind switch
        {
            GraphBodyKind.Empty => response.Body.Length == 0 ? "an empty body" : $"a blank body ({type}, {size})",
            GraphBodyKind.NotJson => $"a body that is not JSON ({type}, {size})",
            _ => $"a JSON body that is not a Graph API error ({type}, {size})",
        };
    }

    private static string? Shorten(string? mediaType) =>
        mediaType is { Length: > 80 } ? string.Concat(mediaType.AsSpan(0, 80), "…") : mediaType;

    private static string DescribeHttp(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the Graph API host name could not be resolved",
        HttpRequestError.ConnectionError => exception.InnerException is SocketException socket
            ? DescribeSocket(socket.SocketErrorCode)
            : "could not connect to the Graph API",
        HttpRequestError.SecureConnectionError => "the TLS (https) handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
        HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
        HttpRequestError.ProxyTunnelError => "the proxy tunnel could not be opened",
        HttpRequestError.HttpProtocolError => "the HTTP exchange failed (protocol error)",
        HttpRequestError.UserAuthenticationError => "authentication with the proxy or server failed",
        HttpRequestError.VersionNegotiationError => "no HTTP version could be agreed with the server",
        HttpRequestError.ConfigurationLimitExceeded => "the answer exceeded a size limit",
        _ => exception.InnerException is IOException
            ? "the connection failed while reading the answer"
            : "the HTTP request failed",
    };

    private static string DescribeSocket(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "the connection was refused",
        SocketError.ConnectionReset => "the connection was reset",
        SocketError.TimedOut => "connecting timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "the Graph API host is unreachable",
        SocketError.HostNotFound => "the Graph API host name could not be resolved",
        _ => "could not connect to the Graph API",
    };

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));
}

/// <summary>Removes the access token and the app secret from text that came from the network, should it echo them.</summary>
internal sealed class Redactor(string? accessToken, string? appSecret)
{
    private const string Replacement = "[redacted]";

    public string? Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (!string.IsNullOrEmpty(accessToken))
        {
            text = text.Replace(accessToken, Replacement, StringComparison.Ordinal);
        }

        if (!string.IsNullOrEmpty(appSecret))
        {
            text = text.Replace(appSecret, Replacement, StringComparison.Ordinal);
        }

        return text;
    }
}
