using Etrepaye.Shared.Contracts;
using FluentValidation;

namespace Etrepaye.Shared.Validation;

public static class CommonRules
{
    /// <summary>An ISO 4217 code such as "EUR".</summary>
    public static IRuleBuilderOptions<T, string> IsCurrencyCode<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(code => Currency.IsKnown(code)).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code (e.g. EUR, USD).");

    /// <summary>An amount with a known currency and, unless allowed, not negative.</summary>
    public static IRuleBuilderOptions<T, Money> IsValidMoney<T>(this IRuleBuilder<T, Money> rule, bool allowNegative = false) =>
        rule.SetValidator(new MoneyValidator(allowNegative));

    private sealed class MoneyValidator : AbstractValidator<Money>
    {
        public MoneyValidator(bool allowNegative)
        {
            RuleFor(m => m.Currency).IsCurrencyCode();
            if (!allowNegative)
            {
                RuleFor(m => m.Amount).GreaterThanOrEqualTo(0m).WithMessage("The amount must not be negative.");
            }
        }
    }
}
