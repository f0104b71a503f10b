using System.Globalization;
using System.Text;

namespace MetaCapi.Graph;

/// <summary>
/// Thrown by <see cref="ConversionResult.EnsureSent"/> when events were not sent: the one exception type of the
/// library's results, carrying the whole <see cref="Result"/> (Meta's error object, hint and retry decision, or every
/// validation problem). The message names paths, codes and Meta's own text, never a customer value or the token.
/// </summary>
public sealed class ConversionsApiException : Exception
{
    private const int MaxErrorsInMessage = 5;

    /// <summary>Creates the exception for a result that is not <see cref="ConversionStatus.Sent"/>.</summary>
    /// <param name="result">The result, kept in <see cref="Result"/>.</param>
    public ConversionsApiException(ConversionResult result)
        : base(Describe(result))
    {
        Result = result;
    }

    /// <summary>Creates the exception with a message of your own (for tests and wrappers).</summary>
    public ConversionsApiException()
    {
    }

    /// <summary>Creates the exception with a message of your own (for tests and wrappers).</summary>
    /// <param name="message">The message.</param>
    public ConversionsApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of your own and its cause (for tests and wrappers).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConversionsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The result that was not sent; <see langword="null"/> only for an exception made with a message of your own.</summary>
    public ConversionResult? Result { get; }

    /// <summary>Meta's error, when Meta answered with one.</summary>
    public GraphError? GraphError => Result?.Delivery?.Error;

    /// <summary>
    /// Whether sending the same events again later (with the same <c>event_id</c>) may succeed, by the client's retry
    /// table (docs/architecture.md, "Retries"): a rejection or a permanent Graph error never does.
    /// </summary>
    public bool IsRetryable => Result?.Delivery is { Status: DeliveryStatus.Failed } delivery
        && (delivery.Error?.Retryable
            ?? (delivery.HttpStatus is not { } status || RetryClassifier.ShouldRetry(status, graphCode: null, isTransient: null)));

    private static string Describe(ConversionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        switch (result.Status)
        {
            case ConversionStatus.Rejected:
                text.Append(CultureInfo.InvariantCulture, $"Nothing was sent: {result.Errors.Count} validation error(s)");
                for (var i = 0; i < Math.Min(result.Errors.Count, MaxErrorsInMessage); i++)
                {
                    text.Append(i == 0 ? ": " : "; ").Append(result.Errors[i].Path).Append(": ").Append(result.Errors[i].Message);
                }

                if (result.Errors.Count > MaxErrorsInMessage)
                {
                    text.Append(CultureInfo.InvariantCulture, $"; and {result.Errors.Count - MaxErrorsInMessage} more (see Result.Errors)");
                }

                break;
            case ConversionStatus.Preview:
                text.Append("Nothing was sent: this is a preview.");
                break;
            case ConversionStatus.Sent:
                text.Append("The events were sent.");
                break;
            default:
                DescribeFailure(result.Delivery, text);
                break;
        }

        return text.ToString();
    }

    private static void DescribeFailure(DeliveryResult? delivery, StringBuilder text)
    {
        text.Append("Meta did not accept the events");
        if (delivery is null)
        {
            text.Append('.');
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $" ({delivery.Attempts} attempt(s)");
        if (delivery.HttpStatus is { } status)
        {
            text.Append(CultureInfo.InvariantCulture, $", HTTP {status}");
        }

        text.Append(')');
        if (delivery.Error is { } error)
        {
            text.Append(CultureInfo.InvariantCulture, $": Graph error {error.Code}");
            if (error.Subcode is { } subcode)
            {
                text.Append(CultureInfo.InvariantCulture, $"/{subcode}");
            }

            if (error.Message is { } message)
            {
                text.Append(": ").Append(message);
            }

            if (error.Hint is { } hint)
            {
                text.Append(" Hint: ").Append(hint);
            }

            text.Append(error.Retryable ? " (may succeed later with the same event_id)" : " (retrying as is will not help)");
        }
        else if (delivery.TransportError is { } transport)
        {
            text.Append(": ").Append(transport);
        }

        if ((delivery.FbtraceId ?? delivery.Error?.FbtraceId) is { } trace)
        {
            text.Append(" fbtrace_id ").Append(trace).Append('.');
        }
    }
}
