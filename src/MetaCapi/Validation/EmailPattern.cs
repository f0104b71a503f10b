using System.Text.RegularExpressions;

namespace MetaCapi.Validation;

/// <summary>Spots an email address where one must not be sent unhashed (a custom property).</summary>
internal static partial class EmailPattern
{
    public static bool LooksLikeEmail(string value) => value.Length <= 320 && Email().IsMatch(value.Trim());

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
