using System.Collections.Frozen;

namespace MetaCapi.Normalization;

/// <summary>
/// <c>ge</c>: the value (trimmed, NFC, lowercased, nothing stripped) is looked up in Meta's Parameter Builder
/// word lists (docs/normalization.md#ge) and becomes <c>f</c> or <c>m</c>; any other value is dropped.
/// </summary>
internal static class GenderRule
{
    public const string Unknown =
        "Not a recognized gender (expected f or m, or a word such as female, male, woman or man); the value was dropped.";

    private static readonly FrozenDictionary<string, string> Words = CreateWords();

    public static RuleResult Normalize(string value) =>
        Words.TryGetValue(value, out var initial) ? RuleResult.Accepted(initial) : RuleResult.Dropped(Unknown);

    private static FrozenDictionary<string, string> CreateWords()
    {
        string[] male =
        [
            "man", "male", "boy", "gentleman", "guy", "sir", "mister", "mr", "son", "father", "dad", "daddy", "papa",
            "uncle", "nephew", "brother", "husband", "boyfriend", "groom", "widower", "king", "prince", "duke", "count",
            "emperor", "god", "lord", "lad", "fellow", "chap", "bloke", "dude", "he", "him", "his", "himself", "m",
        ];
        string[] female =
        [
            "woman", "female", "girl", "lady", "miss", "ms", "mrs", "madam", "ma'am", "daughter", "mother", "mom", "mama",
            "mommy", "aunt", "niece", "sister", "wife", "girlfriend", "bride", "widow", "queen", "princess", "duchess",
            "countess", "empress", "goddess", "maiden", "lass", "gal", "chick", "dame", "belle", "she", "her", "hers",
            "herself", "f",
        ];
        var words = new Dictionary<string, string>(male.Length + female.Length, StringComparer.Ordinal);
        foreach (var word in male)
        {
            words.Add(word, "m");
        }

        foreach (var word in female)
        {
            words.Add(word, "f");
        }

        return words.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
