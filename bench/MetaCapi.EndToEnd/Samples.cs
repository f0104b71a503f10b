using System.Globalization;

namespace MetaCapi.EndToEnd;

/// <summary>The samples of one figure for one variant, across every round.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public string Unit { get; init; } = "ms";

    public int Count => _values.Count;

    public void Add(double value) => _values.Add(value);

    public void AddRange(IEnumerable<double> values) => _values.AddRange(values);

    public double Median => Percentile(50);

    public double Percentile(double percent)
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public string Format(double value) =>
        double.IsNaN(value) ? "–"
        : Unit == "ms" && value < 10 ? value.ToString("0.00", CultureInfo.InvariantCulture)
        : value.ToString("0.#", CultureInfo.InvariantCulture);
}
