using System.Net;
using MetaCapi;
using MetaCapi.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Conversions API client of the MetaCapi library.</summary>
public static class MetaCapiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConversionsApiClient"/> with options read from the <c>META_*</c> variables of
    /// <paramref name="configuration"/> (the variables of <see cref="ConversionsApiOptions"/>): environment variables, or keys of
    /// that name in appsettings.json. Invalid values fail the host at start-up, one message per variable.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding <c>META_ACCESS_TOKEN</c> and the other <c>META_*</c> settings.</param>
    public static IServiceCollection AddMetaConversionsApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddMetaConversionsApi(options => ConversionsApiSettings.Read(configuration).Options.CopyTo(options));
    }

    /// <summary>
    /// Registers <see cref="ConversionsApiClient"/> with options read from the <c>META_*</c> variables of
    /// <paramref name="configuration"/>, then changed by <paramref name="configure"/> (a token from a secret store, say).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>META_*</c> settings.</param>
    /// <param name="configure">Runs after the settings were read.</param>
    public static IServiceCollection AddMetaConversionsApi(
        this IServiceCollection services, IConfiguration configuration, Action<ConversionsApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddMetaConversionsApi(options =>
        {
            ConversionsApiSettings.Read(configuration).Options.CopyTo(options);
            configure(options);
        });
    }

    /// <summary>
    /// Registers <see cref="ConversionsApiClient"/> as a typed <see cref="HttpClient"/> with options set by
    /// <paramref name="configure"/>, checked at start-up. The client's pipeline, outermost first: total timeout,
    /// retry (exponential backoff with jitter, <c>Retry-After</c> honoured), per-attempt timeout. The
    /// <see cref="HttpClient.Timeout"/> is infinite (the pipeline owns time), redirects are not followed (the token
    /// must not travel to another address), and the factory's request logging, which logs URLs, is removed.
    /// A <see cref="TimeProvider"/> already registered is used by the client and the pipeline. Also registers what the
    /// client validates, normalizes and hashes events with. The client is thread-safe; one kept by a
    /// singleton or a hosted service follows DNS changes (its connections are renewed every few minutes).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: at least <see cref="ConversionsApiOptions.AccessToken"/> to send.</param>
    public static IServiceCollection AddMetaConversionsApi(this IServiceCollection services, Action<ConversionsApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<ConversionsApiOptions>()
            .Configure(configure)
            .PostConfigure(static o => o.DefaultCountry =
                string.IsNullOrWhiteSpace(o.DefaultCountry) ? null : o.DefaultCountry.Trim().ToUpperInvariant())
            .ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<ConversionsApiOptions>>(new ConversionsApiOptionsValidator()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider => new EventPreparer(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<ConversionsApiOptions>>().Value.DefaultCountry));

        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            return services;
        }

        services.AddSingleton<Marker>();
        // Made by a factory rather than by ActivatorUtilities: the client gets the one registered EventPreparer (its
        // constructor for that is internal), and nothing is found by reflection.
        var client = services
            .AddHttpClient<ConversionsApiClient, ConversionsApiClient>(static (httpClient, provider) => new ConversionsApiClient(
                httpClient,
                provider.GetRequiredService<IOptions<ConversionsApiOptions>>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<ConversionsApiClient>>(),
                provider.GetRequiredService<EventPreparer>()))
            .ConfigureHttpClient(static httpClient => httpClient.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = PooledConnectionLifetime,
                AutomaticDecompression = DecompressionMethods.All,
            })
            .RemoveAllLoggers();

        client.AddResilienceHandler(ConversionsApiPipeline.Name, static (builder, context) =>
            ConversionsApiPipeline.Configure(
                builder,
                context.ServiceProvider.GetRequiredService<IOptions<ConversionsApiOptions>>().Value,
                context.ServiceProvider.GetRequiredService<TimeProvider>(),
                context.ServiceProvider.GetRequiredService<ILogger<ConversionsApiClient>>()));

        // Added after the resilience handler, so it sits inside it and runs once per attempt.
        client.AddHttpMessageHandler(static provider => new AttemptHandler(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ConversionsApiClient>>()));
        return services;
    }

    /// <summary>
    /// How long a connection is reused: a client kept for the life of the application (by a singleton or a hosted
    /// service) still picks up DNS changes.
    /// </summary>
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Marks the HTTP client as registered, so a second call adds options but no second pipeline.</summary>
    private sealed class Marker;
}
