using System.Collections;
using System.Runtime.CompilerServices;

namespace MetaCapi.Events;

/// <summary>
/// One or several raw values of a customer-information field, as a caller has them: assign a single string
/// (<c>Email = order.Email</c>), an array or list, or a collection expression (<c>Email = [work, home]</c>).
/// <see langword="null"/> and <see langword="null"/> items mean "not given" and are skipped; the default value holds nothing.
/// </summary>
/// <remarks>
/// The values are raw: <see cref="Graph.ConversionsApiClient"/> trims, normalizes and SHA-256 hashes each one by the
/// rules of docs/normalization.md, drops the ones that cannot match (with a warning at their path, such as
/// <c>user_data.em[1]</c>) and removes duplicates after hashing. A value that is already a SHA-256 hash is sent as it is.
/// </remarks>
[CollectionBuilder(typeof(CustomerValues), nameof(Create))]
public readonly struct CustomerValues : IReadOnlyList<string?>, IEquatable<CustomerValues>
{
    private readonly string?[]? _values;

    private CustomerValues(string?[]? values) => _values = values;

    /// <summary>How many values were given, <see langword="null"/> items included.</summary>
    public int Count => _values?.Length ?? 0;

    /// <summary>Whether no value was given at all.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The value at <paramref name="index"/>, as given.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    public string? this[int index] =>
        _values is null ? throw new ArgumentOutOfRangeException(nameof(index)) : _values[index];

    /// <summary>Values from a collection expression (<c>[a, b]</c>); the items are copied.</summary>
    /// <param name="values">The values; <see langword="null"/> items are kept and skipped when sent.</param>
    public static CustomerValues Create(ReadOnlySpan<string?> values) => values.IsEmpty ? default : new(values.ToArray());

    /// <summary>One value; <see langword="null"/> gives no value.</summary>
    /// <param name="value">The raw value.</param>
    public static CustomerValues FromString(string? value) => value is null ? default : new([value]);

    /// <summary>Several values, copied; <see langword="null"/> gives no value.</summary>
    /// <param name="values">The raw values.</param>
    public static CustomerValues FromEnumerable(IEnumerable<string?>? values) =>
        values is null ? default : Create([.. values]);

    /// <summary>One value: <c>Email = order.Email</c>.</summary>
    /// <param name="value">The raw value; <see langword="null"/> gives no value.</param>
    public static implicit operator CustomerValues(string? value) => FromString(value);

    /// <summary>Several values: <c>Phone = customer.Phones</c>.</summary>
    /// <param name="values">The raw values, copied; <see langword="null"/> gives no value.</param>
    public static implicit operator CustomerValues(string?[]? values) => FromEnumerable(values);

    /// <summary>Several values: <c>Phone = customer.Phones</c>.</summary>
    /// <param name="values">The raw values, copied; <see langword="null"/> gives no value.</param>
    public static implicit operator CustomerValues(List<string>? values) => FromEnumerable(values);

    /// <summary>Whether both hold the same values in the same order.</summary>
    public static bool operator ==(CustomerValues left, CustomerValues right) => left.Equals(right);

    /// <summary>Whether the values or their order differ.</summary>
    public static bool operator !=(CustomerValues left, CustomerValues right) => !left.Equals(right);

    /// <summary>Enumerates the values as given.</summary>
    public IEnumerator<string?> GetEnumerator() => ((IEnumerable<string?>)(_values ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether <paramref name="other"/> holds the same values (ordinal comparison) in the same order.</summary>
    public bool Equals(CustomerValues other) =>
        (_values ?? []).AsSpan().SequenceEqual(other._values ?? [], StringComparer.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CustomerValues other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values ?? [])
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>The number of values only: the values are customer data and never appear in text the library writes.</summary>
    public override string ToString() => Count == 1 ? "1 value" : $"{Count} values";
}
