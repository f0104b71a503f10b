using MetaCapi.Normalization;
using MetaCapi.Validation;
using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary>The whole of docs/normalization.md on one event: order, duplicates, paths, absent keys, privacy of warnings.</summary>
public sealed class UserDataNormalizerTests
{
    [Fact]
    public void Full_user_data_is_normalized_and_hashed_key_by_key()
    {
        var (data, diagnostics) = Run(
            ("em", " John.Smith@Gmail.com "),
            ("ph", "+1 (650) 555-1212"),
            ("fn", "Mary-Jane"),
            ("ln", "O'Brien"),
            ("db", "1997-02-16"),
            ("ge", "Female"),
            ("ct", "San Francisco"),
            ("st", "California"),
            ("zp", "94035-1234"),
            ("country", "US"),
            ("external_id", "User 123"),
            ("client_ip_address", "2001:db8::1428:57ab"),
            ("client_user_agent", "Mozilla/5.0"),
            ("fbc", "fb.1.1554763741205.IwAR2F4"),
            ("fbp", "fb.1.1558571054389.1098115397"));

        Assert.Empty(diagnostics.All);
        Assert.Equal([Hash("john.smith@gmail.com")], data.Em);
        Assert.Equal([Hash("16505551212")], data.Ph);
        Assert.Equal([Hash("maryjane")], data.Fn);
        Assert.Equal([Hash("obrien")], data.Ln);
        Assert.Equal([Hash("19970216")], data.Db);
        Assert.Equal([Hash("f")], data.Ge);
        Assert.Equal([Hash("sanfrancisco")], data.Ct);
        Assert.Equal([Hash("ca")], data.St);
        Assert.Equal([Hash("94035")], data.Zp);
        Assert.Equal([Hash("us")], data.Country);
        Assert.Equal([Hash("user123")], data.ExternalId);
        Assert.Equal("2001:db8::1428:57ab", data.ClientIpAddress);
        Assert.Equal("Mozilla/5.0", data.ClientUserAgent);
        Assert.Equal("fb.1.1554763741205.IwAR2F4", data.Fbc);
        Assert.Equal("fb.1.1558571054389.1098115397", data.Fbp);
        Assert.Equal(
            ["em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country", "external_id", "client_ip_address", "client_user_agent", "fbc", "fbp"],
            data.PresentKeys());
    }

    [Fact]
    public void Array_values_keep_input_order()
    {
        var (data, _) = RunArray("em", "b@x.com", "a@x.com", "c@x.com");
        Assert.Equal([Hash("b@x.com"), Hash("a@x.com"), Hash("c@x.com")], data.Em);
    }

    [Fact]
    public void Duplicates_are_removed_after_hashing()
    {
        var preHashed = Hash("john@x.com").ToUpperInvariant();
        var (data, diagnostics) = RunArray("em", "John@x.com", "  john@X.COM\u00A0", preHashed, "jane@x.com", "JANE@x.com");
        Assert.Equal([Hash("john@x.com"), Hash("jane@x.com")], data.Em);
        Assert.Empty(diagnostics.All);
    }

    [Fact]
    public void Values_that_normalize_alike_are_sent_once()
    {
        var (data, _) = RunArray("st", "New York", "NY", "ny", "n.y.");
        Assert.Equal([Hash("ny")], data.St);
    }

    [Fact]
    public void Invalid_array_item_is_dropped_with_a_warning_at_its_index()
    {
        var (data, diagnostics) = RunArray("ph", "+1 650 555 1212", "12", "+44 20 7946 0958");
        Assert.Equal([Hash("16505551212"), Hash("442079460958")], data.Ph);
        var warning = Assert.Single(diagnostics.All);
        Assert.Equal("user_data.ph[1]", warning.Path);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(PhoneRule.Invalid, warning.Message);
    }

    [Fact]
    public void Key_with_nothing_left_is_absent()
    {
        var (data, diagnostics) = Run(("em", "not an email"), ("ge", "other"));
        Assert.Null(data.Em);
        Assert.Null(data.Ge);
        Assert.Empty(data.PresentKeys());
        Assert.Equal(["user_data.em", "user_data.ge"], diagnostics.Warnings.Select(w => w.Path));
    }

    [Fact]
    public void Empty_and_white_space_values_are_ignored_without_warning()
    {
        var (data, diagnostics) = RunArray("fn", "", "   ", "\u00A0\uFEFF", "Ann");
        Assert.Equal([Hash("ann")], data.Fn);
        Assert.Empty(diagnostics.All);
    }

    [Fact]
    public void No_values_give_empty_user_data()
    {
        var (data, diagnostics) = Run([], null);
        Assert.Empty(data.PresentKeys());
        Assert.Empty(diagnostics.All);
    }

    [Fact]
    public void Warnings_go_under_the_prefix_of_the_diagnostics_view()
    {
        var all = new Diagnostics();
        var normalizer = new UserDataNormalizer(Clock());
        _ = normalizer.Normalize([new UserDataValue("em", "nope", "user_data.em")], all.WithPrefix("events[3]"));
        Assert.Equal("events[3].user_data.em", Assert.Single(all.All).Path);
    }

    [Fact]
    public void Unknown_key_is_dropped_with_a_warning()
    {
        var (data, diagnostics) = Run(("email", "john@x.com"));
        Assert.Empty(data.PresentKeys());
        Assert.Equal("user_data.email", Assert.Single(diagnostics.Warnings).Path);
    }

    [Fact]
    public void Default_value_struct_does_not_crash()
    {
        var (data, diagnostics) = Run([default], null);
        Assert.Empty(data.PresentKeys());
        Assert.Equal("user_data", Assert.Single(diagnostics.Warnings).Path);
    }

    [Fact]
    public void Normalizer_can_be_shared_between_threads()
    {
        var normalizer = new UserDataNormalizer(Clock(), "FR");
        Parallel.For(0, 400, i =>
        {
            var (phone, country, expected) = (i % 2) == 0
                ? ("(650) 555-1212", "us", "16505551212")
                : ("020 7946 0958", "gb", "442079460958");
            var diagnostics = new Diagnostics();
            var data = normalizer.Normalize(
                [new UserDataValue("ph", phone, "user_data.ph"), new UserDataValue("country", country, "user_data.country")],
                diagnostics);
            Assert.Equal([Hash(expected)], data.Ph);
            Assert.Equal([Hash(country)], data.Country);
            Assert.Empty(diagnostics.All);
        });
    }

    public static TheoryData<string, string> RejectedValues => new()
    {
        { "em", "secret.person@nowhere" },
        { "em", "Secret Person@example.com" },
        { "ph", "55501" },
        { "ph", "(415) 555-0199" },
        { "fn", "-'-" },
        { "db", "31/31/1985" },
        { "db", "07/04/1985" },
        { "db", "2099-04-07" },
        { "ge", "Genderfluid" },
        { "ct", "\u6771\u4EAC\u6E2F\u533A" },
        { "st", "\u6771\u4EAC\u90FD" },
        { "zp", "Z" },
        { "country", "Atlantis" },
        { "country", "UK" },
        { "client_ip_address", "10.20.30.40" },
        { "client_ip_address", "999.20.30.40" },
        { "fbc", "fb.1.12345.SecretClick.X" },
        { "fbp", "fb.9.SecretBrowser.1" },
    };

    [Theory]
    [MemberData(nameof(RejectedValues))]
    public void Warning_messages_never_contain_the_value(string key, string value)
    {
        var (_, diagnostics) = Run((key, value));
        var warning = Assert.Single(diagnostics.All);
        Assert.Equal("user_data." + key, warning.Path);
        Assert.DoesNotContain(value, warning.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(JsText.NfcLower(value), warning.Message, StringComparison.OrdinalIgnoreCase);
        foreach (var piece in value.Split([' ', '.', '/', '-', '(', ')', '@'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (piece.Length >= 4)
            {
                Assert.DoesNotContain(piece, warning.Message, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
