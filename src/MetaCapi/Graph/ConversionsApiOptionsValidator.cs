using Microsoft.Extensions.Options;

namespace MetaCapi.Graph;

/// <summary>
/// Start-up check of <see cref="ConversionsApiOptions"/>, however they were set: the same rules and messages as
/// <see cref="ConversionsApiSettings.Read"/>, plus the problems that reader found.
/// </summary>
internal sealed class ConversionsApiOptionsValidator : IValidateOptions<ConversionsApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ConversionsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = OptionRules.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
