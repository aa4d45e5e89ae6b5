using System.Globalization;
using FluentValidation;

namespace Etrepaye.Access.Features;

/// <summary>Validation rules shared by the company use cases.</summary>
internal static class CompanyRules
{
    public static readonly string[] Languages = ["fr", "en"];

    public static IRuleBuilderOptions<T, string> IsCountryCode<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(BeCountryCode).WithMessage("'{PropertyValue}' is not an ISO 3166-1 alpha-2 country code (e.g. FR).");

    public static IRuleBuilderOptions<T, string> IsTimeZone<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(zone => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            .WithMessage("'{PropertyValue}' is not a known IANA time zone (e.g. Europe/Paris).");

    public static IRuleBuilderOptions<T, string?> IsLanguage<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(language => language is null || Languages.Contains(language)).WithMessage("The language must be 'fr' or 'en'.");

    private static bool BeCountryCode(string code)
    {
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
        {
            return false;
        }

        try
        {
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
