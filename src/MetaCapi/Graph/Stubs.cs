#pragma warning disable CS1591
using MetaCapi.Events;
using Microsoft.Extensions.Options;

namespace MetaCapi.Graph;

// TEMPORARY: replaced by the Graph client branch.
public enum DeliveryStatus { Sent, Failed }

public sealed record DeliveryResult
{
    public required DeliveryStatus Status { get; init; }
    public required int Attempts { get; init; }
    public int? HttpStatus { get; init; }
    public int? EventsReceived { get; init; }
    public IReadOnlyList<string> Messages { get; init; } = [];
    public string? FbtraceId { get; init; }
    public GraphError? Error { get; init; }
    public string? TransportError { get; init; }
    public TimeSpan? RetryAfter { get; init; }
    public string? ResponseNote { get; init; }
}

public sealed record GraphError
{
    public int? Code { get; init; }
    public int? Subcode { get; init; }
    public string? Type { get; init; }
    public string? Message { get; init; }
    public string? UserTitle { get; init; }
    public string? UserMessage { get; init; }
    public string? FbtraceId { get; init; }
    public bool? IsTransient { get; init; }
    public bool Retryable { get; init; }
    public string? Hint { get; init; }
}

public sealed class ConversionsApiOptions
{
    public string? AccessToken { get; set; }
    public string? AppSecret { get; set; }
    public string? TestEventCode { get; set; }
    public string? DefaultCountry { get; set; }
    public static IReadOnlyList<string> Validate(Microsoft.Extensions.Configuration.IConfiguration configuration) => [];
}

public sealed class ConversionsApiClient(HttpClient httpClient, IOptions<ConversionsApiOptions> options)
{
    public Task<DeliveryResult> SendAsync(string pixelId, EventRequest request, CancellationToken cancellationToken = default)
    {
        _ = httpClient; _ = options;
        throw new NotImplementedException();
    }
}

public static class StubExtensions
{
    public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddMetaConversionsApi(
        this Microsoft.Extensions.DependencyInjection.IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        throw new NotImplementedException();
}
