using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace MetaCapi.Normalization;

/// <summary>SHA-256 of the UTF-8 bytes of a string, as lowercase hex: the hash Meta expects (docs/normalization.md#5-sha-256-and-de-duplication).</summary>
internal static class Sha256Hex
{
    private const int StackBufferBytes = 512;

    /// <summary>
    /// One hash context per thread, reset after each value: OpenSSL's one-shot digest creates and frees a context per
    /// call, a third of the cost of hashing a short value.
    /// </summary>
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>The lowercase hex SHA-256 of <paramref name="value"/>'s UTF-8 bytes.</summary>
    public static string Of(string value)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha256.AppendData(buffer[..length]);
            sha256.GetHashAndReset(hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
