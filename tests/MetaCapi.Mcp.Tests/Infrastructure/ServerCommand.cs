using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>
/// How to start the server under test: the built <c>metacapi-mcp.dll</c> through <c>dotnet</c>, or any binary
/// named by <c>METACAPI_SERVER</c> (CI points it at the Native AOT build so an AOT-only failure cannot land).
/// </summary>
public static class ServerCommand
{
    public static (string Command, IReadOnlyList<string> Arguments) Resolve()
    {
        var binary = System.Environment.GetEnvironmentVariable("METACAPI_SERVER");
        if (!string.IsNullOrEmpty(binary))
        {
            return (Path.GetFullPath(binary), []);
        }

        var assembly = typeof(ServerCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ServerAssembly").Value!;
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"The server is not built at {assembly}; build the solution first.");
        }

        return ("dotnet", [assembly]);
    }

    /// <summary>How to start the server with redirected stdio, <paramref name="environment"/> (null removes a variable) and extra arguments.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> environment, IEnumerable<string>? extraArguments = null)
    {
        var (command, arguments) = Resolve();
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments.Concat(extraArguments ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return start;
    }

    /// <summary>Distinctive secrets every test runs with, so any leak is found by a plain text search.</summary>
    public const string AccessToken = "EAAtestTOKEN7f3c9e1d2b4a6c8e0SECRETVALUE";

    public const string AppSecret = "appsecret-5d8e2f1a9c7b3e6d4f0a";

    /// <summary>The environment of a server talking to <paramref name="graphUrl"/>, with overrides.</summary>
    public static Dictionary<string, string?> EnvironmentFor(string graphUrl, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["META_ACCESS_TOKEN"] = AccessToken,
            ["META_APP_SECRET"] = AppSecret,
            ["META_GRAPH_BASE_URL"] = graphUrl,
            ["META_GRAPH_API_VERSION"] = "v25.0",
            ["META_TEST_EVENT_CODE"] = null,
            ["META_DEFAULT_COUNTRY"] = null,
            ["META_HTTP_MAX_ATTEMPTS"] = "3",
            // Far longer than any answer of the fake Graph API takes, however loaded the machine: a test never sees a
            // retry or a timeout it did not set up. Tests of timeouts start a server with their own (short) values.
            ["META_HTTP_TIMEOUT_SECONDS"] = "120",
            ["META_HTTP_TOTAL_TIMEOUT_SECONDS"] = "300",
            ["META_HTTP_RETRY_BASE_DELAY_SECONDS"] = "0.01",
            // The most verbose logs, so the secret and privacy scans cover every line the server can write.
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__MetaCapi.Graph"] = "Trace",
            ["Logging__LogLevel__Polly"] = "Trace",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Trace",
            ["Logging__LogLevel__ModelContextProtocol"] = "Trace",
            ["DOTNET_NOLOGO"] = "1",
        };
        if (overrides is not null)
        {
            foreach (var (key, value) in overrides)
            {
                environment[key] = value;
            }
        }

        return environment;
    }
}
