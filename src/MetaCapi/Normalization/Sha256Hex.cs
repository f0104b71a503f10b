using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace MetaCapi.Normalization;

/// <summary>SHA-256 of the UTF-8 bytes of a string, as lowercase hex: the hash Meta expects (docs/normalization.md#5-sha-256-and-de-duplication).</summary>
internal static class Sha256Hex
{
    private const int StackBufferBytes = 512;

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
            SHA256.HashData(buffer[..length], hash);
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
