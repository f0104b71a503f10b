using MetaCapi.Events;

namespace MetaCapi.Tests.Events;

public sealed class CustomerInformationTests
{
    [Fact]
    public void Every_user_data_key_has_a_property_in_meta_order()
    {
        var everything = new CustomerInformation
        {
            Email = "e", Phone = "p", FirstName = "f", LastName = "l", DateOfBirth = "d", Gender = "g", City = "c",
            State = "s", ZipCode = "z", Country = "co", ExternalId = "x",
            ClientIpAddress = "ip", ClientUserAgent = "ua", Fbc = "fbc", Fbp = "fbp", SubscriptionId = "sub",
            FbLoginId = "login", LeadId = "lead", AnonId = "anon", Madid = "madid", PageId = "page",
            PageScopedUserId = "psid", CtwaClid = "ctwa", IgAccountId = "ig", IgSid = "igsid", WhatsappBusinessAccountId = "waba",
        };

        Assert.Equal(UserDataKeys.All, everything.ToValues().Select(v => v.Key));
    }

    [Fact]
    public void Hashed_fields_keep_meta_keys_and_plain_fields_keep_their_values_as_given()
    {
        var values = new CustomerInformation { Email = " Jane@X.com ", ClientUserAgent = "Mozilla/5.0" }.ToValues();

        Assert.Equal(
            new[] { ("em", " Jane@X.com ", "user_data.em"), ("client_user_agent", "Mozilla/5.0", "user_data.client_user_agent") },
            values.Select(v => (v.Key, v.Value, v.Path)));
    }

    [Fact]
    public void One_value_is_at_the_key_path_and_several_values_are_at_indexed_paths_as_in_json()
    {
        var values = new CustomerInformation { Email = "a@x.com", Phone = ["+1 650 555 1212", null, "+44 20 7946 0958"] }.ToValues();

        Assert.Equal(new[] { "user_data.em", "user_data.ph[0]", "user_data.ph[2]" }, values.Select(v => v.Path));
    }

    [Fact]
    public void Null_values_and_null_items_are_not_given()
    {
        string? missing = null;
        string[]? none = null;

        var values = new CustomerInformation { Email = missing, Phone = none, City = [null], Fbp = null }.ToValues();

        Assert.Empty(values);
    }

    [Fact]
    public void A_string_an_array_a_list_and_a_collection_expression_all_give_values()
    {
        CustomerValues one = "a";
        CustomerValues array = new[] { "a", "b" };
        CustomerValues list = new List<string> { "a", "b" };
        CustomerValues expression = ["a", "b"];
        var enumerable = CustomerValues.FromEnumerable(new[] { "a", "b" }.Where(_ => true));

        Assert.Equal(new[] { "a" }, one);
        Assert.Equal(new[] { "a", "b" }, array);
        Assert.Equal(array, list);
        Assert.Equal(array, expression);
        Assert.Equal(array, enumerable);
        Assert.True(default(CustomerValues).IsEmpty);
    }

    [Fact]
    public void Values_given_as_an_array_are_copied_so_later_changes_do_not_reach_the_event()
    {
        var phones = new[] { "+1 650 555 1212" };
        var customer = new CustomerInformation { Phone = phones };

        phones[0] = "changed";

        Assert.Equal("+1 650 555 1212", Assert.Single(customer.ToValues()).Value);
    }

    [Fact]
    public void Text_of_customer_information_names_the_fields_never_the_values()
    {
        var customer = new CustomerInformation { Email = ["jane@example.com", "jd@example.com"], ClientIpAddress = "203.0.113.7" };

        var text = customer.ToString();
        var eventText = new ConversionEvent
        {
            EventName = "Lead",
            EventTime = DateTimeOffset.UnixEpoch,
            ActionSource = ActionSource.Email,
            Customer = customer,
        }.ToString();

        Assert.Equal("CustomerInformation { em, client_ip_address }", text);
        foreach (var shown in new[] { text, eventText, customer.Email.ToString() })
        {
            Assert.DoesNotContain("jane", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("203.0.113.7", shown, StringComparison.Ordinal);
        }
    }
}
