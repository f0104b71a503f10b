using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MetaCapi.EndToEnd;

// End-to-end benchmark of MCP servers over stdio against a local fake Graph API: cold start, single sends, batches of
// 1/10/100/1000, throughput with calls in flight, resident memory after bursts. Variants run interleaved, round after
// round, and every figure is reported as the median with its spread (p10–p90) over all rounds. See bench/README.md.
//
//   dotnet run -c Release --project bench/MetaCapi.EndToEnd -- --variant ours=artifacts/aot/metacapi-mcp [--variant NAME=CMD
//       [--profile NAME=peer.json] [--env NAME:VAR=VALUE]]… [--rounds 2] [--only cold,calls,throughput,memory] [--quick]
//       [--sizes 1,10,100,1000] [--batch-events 20000] [--json results.json]
//
//   --sizes gives the batch sizes of the calls scenario (default 1, 10, 100, 1000); --batch-events how many events each
//   size sends per round (at least 5 calls each; --quick: 3000). Options apply in order: put --quick first.
//
//   --env gives one variant an environment variable of its own, e.g. the same binary twice with different GC settings:
//       --variant gc5=artifacts/aot/metacapi-mcp --variant gc0=artifacts/aot/metacapi-mcp --env gc0:DOTNET_GCConserveMemory=0
var variants = new List<(string Spec, string Name)>();
var profiles = new Dictionary<string, string>(StringComparer.Ordinal);
var environments = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
var options = new Options();
string? jsonPath = null;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--variant" when value is not null:
            variants.Add((value, value.Split('=', 2)[0]));
            i++;
            break;
        case "--profile" when value is not null && value.Contains('=', StringComparison.Ordinal):
            profiles[value.Split('=', 2)[0]] = value.Split('=', 2)[1];
            i++;
            break;
        case "--env" when value is not null && value.IndexOf(':', StringComparison.Ordinal) > 0 && value.Contains('=', StringComparison.Ordinal):
            var (target, setting) = (value.Split(':', 2)[0], value.Split(':', 2)[1]);
            if (!environments.TryGetValue(target, out var variables))
            {
                environments[target] = variables = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            variables[setting.Split('=', 2)[0]] = setting.Split('=', 2)[1];
            i++;
            break;
        case "--rounds" when value is not null:
            options = options with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) };
            i++;
            break;
        case "--only" when value is not null:
            options = options with { Only = value.Split(',').ToHashSet(StringComparer.Ordinal) };
            i++;
            break;
        case "--sizes" when value is not null:
            options = options with { BatchSizes = [.. value.Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture))] };
            i++;
            break;
        case "--batch-events" when value is not null:
            options = options with { BatchEvents = int.Parse(value, CultureInfo.InvariantCulture) };
            i++;
            break;
        case "--quick":
            options = options with { ColdRuns = 3, SingleCalls = 50, BatchEvents = 3000, ThroughputCalls = 1000, LargeCalls = 10 };
            break;
        case "--json" when value is not null:
            jsonPath = value;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'; see the comment at the top of Program.cs");
            return 2;
    }
}

if (variants.Count == 0)
{
    Console.Error.WriteLine("give at least one --variant NAME=COMMAND (e.g. --variant ours=artifacts/aot/metacapi-mcp)");
    return 2;
}

var servers = variants.Select(v => Variant.Parse(v.Spec, profiles.GetValueOrDefault(v.Name), environments.GetValueOrDefault(v.Name))).ToList();
var figures = new Dictionary<string, Dictionary<string, Samples>>(StringComparer.Ordinal);
var order = new List<string>();
void Record(string figure, string variant, double value, string unit)
{
    lock (figures)
    {
        if (!figures.TryGetValue(figure, out var byVariant))
        {
            figures[figure] = byVariant = new Dictionary<string, Samples>(StringComparer.Ordinal);
            order.Add(figure);
        }

        if (!byVariant.TryGetValue(variant, out var samples))
        {
            byVariant[variant] = samples = new Samples { Unit = unit };
        }

        samples.Add(value);
    }
}

bool Wanted(string scenario) => options.Only.Count == 0 || options.Only.Contains(scenario);

await using var graph = await FakeGraph.StartAsync();
var scenarios = new Scenarios(graph, Record, options);
var loads = new List<string>();
for (var round = 0; round < options.Rounds; round++)
{
    // Interleaved: each round runs every variant, in an order that rotates, so drift on a shared machine hits all alike.
    var rotated = servers.Skip(round % servers.Count).Concat(servers.Take(round % servers.Count)).ToList();
    loads.Add($"round {round + 1}: load average {LoadAverage()} at start");
    foreach (var variant in rotated)
    {
        Console.Error.WriteLine($"round {round + 1}/{options.Rounds}: {variant.Name}");
        if (Wanted("cold"))
        {
            await scenarios.ColdStartAsync(variant);
        }

        if (Wanted("calls"))
        {
            await scenarios.CallsAsync(variant);
        }

        if (Wanted("throughput"))
        {
            await scenarios.ThroughputAsync(variant);
        }

        if (Wanted("memory"))
        {
            await scenarios.MemoryAsync(variant);
        }
    }
}

loads.Add($"end: load average {LoadAverage()}");

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {options.Rounds} interleaved round(s).");
report.AppendLine(string.Join("; ", loads) + ".");
report.AppendLine();
report.AppendLine("| figure | variant | median | p10–p90 | samples |");
report.AppendLine("| --- | --- | ---: | ---: | ---: |");
foreach (var figure in order)
{
    foreach (var variant in servers)
    {
        if (figures[figure].TryGetValue(variant.Name, out var samples))
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {figure} | {variant.Name} | {samples.Format(samples.Median)} {samples.Unit} | {samples.Format(samples.Percentile(10))}–{samples.Format(samples.Percentile(90))} | {samples.Count} |");
        }
    }
}

Console.WriteLine(report);
if (jsonPath is not null)
{
    var json = figures.ToDictionary(
        f => f.Key,
        f => f.Value.ToDictionary(v => v.Key, v => new { unit = v.Value.Unit, median = v.Value.Median, p10 = v.Value.Percentile(10), p90 = v.Value.Percentile(90), samples = v.Value.Count }));
    await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
}

return 0;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string Machine()
{
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {RuntimeInformation.OSDescription}, driver on {RuntimeInformation.FrameworkDescription}";
}
