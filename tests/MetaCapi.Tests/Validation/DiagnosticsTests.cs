using MetaCapi.Validation;

namespace MetaCapi.Tests.Validation;

public class DiagnosticsTests
{
    [Fact]
    public void A_prefixed_view_writes_into_the_same_list_under_its_prefix()
    {
        var root = new Diagnostics();
        var third = root.WithPrefix("events[3]");

        third.Error("user_data.em", "bad");
        third.WithPrefix("custom_data").Warning("[0]", "odd");
        third.Error(string.Empty, "not an object");

        Assert.Equal(["events[3].user_data.em", "events[3].custom_data[0]", "events[3]"], root.All.Select(d => d.Path).ToArray());
        Assert.Equal(2, root.ErrorCount);
        Assert.Single(root.Warnings);
    }

    [Fact]
    public void Errors_are_found_at_their_path_and_at_every_ancestor()
    {
        var diagnostics = new Diagnostics();
        diagnostics.Error("custom_data.contents[0].id", "missing");

        Assert.True(diagnostics.HasErrorAt("custom_data.contents[0].id", includeBelow: false));
        Assert.True(diagnostics.HasErrorAt("custom_data.contents[0]"));
        Assert.True(diagnostics.HasErrorAt("custom_data.contents"));
        Assert.True(diagnostics.HasErrorAt("custom_data"));
        Assert.True(diagnostics.HasErrorAt(string.Empty));
        Assert.False(diagnostics.HasErrorAt("custom_data", includeBelow: false));
        Assert.False(diagnostics.HasErrorAt("custom_data.content"));
        Assert.False(diagnostics.HasErrorAt("user_data"));
    }

    [Fact]
    public void Warnings_do_not_count_as_errors()
    {
        var diagnostics = new Diagnostics();
        diagnostics.Warning("event_id", "missing");

        Assert.False(diagnostics.HasErrors);
        Assert.False(diagnostics.HasErrorAt("event_id"));
    }

    [Fact]
    public void A_view_sees_only_errors_under_its_own_prefix()
    {
        var root = new Diagnostics();
        root.WithPrefix("events[1]").Error("event_time", "bad");

        Assert.True(root.WithPrefix("events[1]").HasErrorAt(string.Empty));
        Assert.False(root.WithPrefix("events[10]").HasErrorAt(string.Empty));
        Assert.False(root.WithPrefix("events[2]").HasErrorAt("event_time"));
    }
}
