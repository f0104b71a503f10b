using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MetaCapi.Benchmarks -- --filter '*'
// (CI builds this project and never runs it: timings belong in the README, not in tests.)
BenchmarkSwitcher.FromAssembly(typeof(MetaCapi.Benchmarks.Sample).Assembly).Run(args);
