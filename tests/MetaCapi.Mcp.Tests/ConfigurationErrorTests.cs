using MetaCapi.Mcp.Tests.Infrastructure;

namespace MetaCapi.Mcp.Tests;

/// <summary>
/// Every invalid META_* value stops the server before the protocol starts: a non-zero exit, nothing on stdout, and
/// one stderr line per bad variable that names it, says what is accepted and never shows a secret or a URL.
/// (<see cref="ProcessTests"/> covers the first cases of each variable; these are the edges.)
/// </summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly GraphFake _graph = new();

    public void Dispose() => _graph.Dispose();

    [Theory]
    [InlineData("META_GRAPH_API_VERSION", "v25.0.1", "'v25.0.1' is not a Graph API version")]
    [InlineData("META_GRAPH_API_VERSION", "v٢٥.0", "is not a Graph API version")]
    [InlineData("META_GRAPH_BASE_URL", "/graph", "not an absolute http or https URL")]
    [InlineData("META_GRAPH_BASE_URL", "https://graph.example.com/?access_token=QsecretQ", "has a query string or fragment")]
    [InlineData("META_DEFAULT_COUNTRY", "U5", "'U5' is not an ISO 3166-1 alpha-2 country code")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "11", "'11' is not a valid number of attempts; use a whole number from 1 to 10")]
    [InlineData("META_HTTP_MAX_ATTEMPTS", "2.5", "'2.5' is not a valid number of attempts")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "0", "is not a valid number of seconds; use a number from 0.01 to 600")]
    [InlineData("META_HTTP_TIMEOUT_SECONDS", "NaN", "'NaN' is not a valid number of seconds")]
    [InlineData("META_HTTP_TOTAL_TIMEOUT_SECONDS", "3601", "'3601' is not a valid number of seconds; use a number from 0.01 to 3600")]
    [InlineData("META_HTTP_RETRY_BASE_DELAY_SECONDS", "-1", "'-1' is not a valid number of seconds; use a number from 0 to 60")]
    [InlineData("META_HTTP_RETRY_BASE_DELAY_SECONDS", "fast", "'fast' is not a valid number of seconds")]
    public async Task Invalid_value_exits_non_zero_with_one_stderr_line_naming_the_variable(string variable, string value, string explanation)
    {
        var run = await RunWith(new Dictionary<string, string?> { [variable] = value });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(Lines(run.Stderr));
        Assert.StartsWith($"metacapi-mcp: {variable}: ", line, StringComparison.Ordinal);
        Assert.Contains(explanation, line, StringComparison.Ordinal);
        Assert.DoesNotContain("QsecretQ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_given_on_the_command_line_are_checked_the_same_way()
    {
        var run = await RawServer.RunToExitAsync(ServerCommand.EnvironmentFor(_graph.Url), "--META_HTTP_MAX_ATTEMPTS=0");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(Lines(run.Stderr));
        Assert.StartsWith("metacapi-mcp: META_HTTP_MAX_ATTEMPTS: ", line, StringComparison.Ordinal);
        Assert.Contains("is not a valid number of attempts; use a whole number from 1 to 10", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_invalid_values_give_one_line_each()
    {
        var run = await RunWith(new Dictionary<string, string?>
        {
            ["META_GRAPH_API_VERSION"] = "latest",
            ["META_DEFAULT_COUNTRY"] = "XX",
            ["META_HTTP_TOTAL_TIMEOUT_SECONDS"] = "-5",
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
            ["META_DEFAULT_COUNTRY", "META_GRAPH_API_VERSION", "META_HTTP_TOTAL_TIMEOUT_SECONDS"],
            Lines(run.Stderr).Select(l => l.Split(':')[1].Trim()).Order().ToArray());
    }

    [Fact]
    public async Task A_secret_pasted_into_the_wrong_variable_is_not_echoed()
    {
        var run = await RunWith(new Dictionary<string, string?>
        {
            ["META_GRAPH_API_VERSION"] = ServerCommand.AccessToken,
            ["META_DEFAULT_COUNTRY"] = ServerCommand.AppSecret,
            ["META_GRAPH_BASE_URL"] = "https://user:" + ServerCommand.AppSecret + "@graph.example.com?x=" + ServerCommand.AccessToken,
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(3, Lines(run.Stderr).Length);
        Assert.Contains("(40 characters, not shown)", run.Stderr, StringComparison.Ordinal);
        Leaks.AssertNone(run.Stdout + run.Stderr);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunWith(Dictionary<string, string?> settings) =>
        RawServer.RunToExitAsync(ServerCommand.EnvironmentFor(_graph.Url, settings));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
