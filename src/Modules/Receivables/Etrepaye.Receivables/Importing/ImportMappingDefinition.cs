using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Contracts;
using FluentValidation;

namespace Etrepaye.Receivables.Importing;

/// <summary>Which column of the file (by its header, case-insensitive) holds which field.</summary>
/// <param name="CustomerReference">Required.</param>
/// <param name="ItemReference">Required; kept as text (leading zeros are kept).</param>
/// <param name="IssueDate">Required.</param>
/// <param name="Amount">Required.</param>
/// <param name="ItemType">Optional; without it every row has the mapping's default type.</param>
/// <param name="Currency">Optional; without it every row has the mapping's default currency.</param>
/// <param name="SettledDate">Optional; a row with a settled date records the settlement on that date.</param>
/// <param name="SettledAmount">Optional; a settled amount below the amount records a partial settlement.</param>
public sealed record ImportColumns(
    string CustomerReference, string ItemReference, string IssueDate, string Amount, string? ItemType = null, string? Currency = null,
    string? DueDate = null, string? Disputed = null, string? SettledDate = null, string? SettledAmount = null, string? CustomerName = null);

/// <summary>How to read a ledger file.</summary>
/// <param name="Delimiter">"," or ";"; null to detect it from the header line.</param>
/// <param name="DateFormats">.NET exact formats tried in order, e.g. ["M/d/yyyy"] or ["dd/MM/yyyy", "yyyy-MM-dd"].</param>
/// <param name="DecimalSeparator">"." or ",".</param>
/// <param name="ThousandsSeparator">Optional: " ", "." or ","; removed before reading amounts.</param>
/// <param name="DefaultCurrency">The currency of rows without a currency column.</param>
/// <param name="DefaultItemType">Invoice, CreditNote, Payment or Adjustment: the type of rows without a type column.</param>
/// <param name="ItemTypeValues">The file's values of the type column and the item type each means, e.g. {"FAC": "Invoice", "AV": "CreditNote"}.</param>
/// <param name="DisputedValues">The values of the disputed column that mean "disputed" (default: yes, y, true, 1, oui).</param>
public sealed record ImportMappingDefinition(
    ImportColumns Columns, IReadOnlyList<string> DateFormats, string DecimalSeparator = ".", string? Delimiter = null, string? ThousandsSeparator = null,
    string? DefaultCurrency = null, string DefaultItemType = "Invoice", IReadOnlyDictionary<string, string>? ItemTypeValues = null,
    IReadOnlyList<string>? DisputedValues = null)
{
    internal static readonly string[] DefaultDisputedValues = ["yes", "y", "true", "1", "oui"];
}

internal sealed class ImportMappingDefinitionValidator : AbstractValidator<ImportMappingDefinition>
{
    public ImportMappingDefinitionValidator()
    {
        RuleFor(m => m.Columns).NotNull();
        RuleFor(m => m.Columns.CustomerReference).NotEmpty().When(m => m.Columns is not null);
        RuleFor(m => m.Columns.ItemReference).NotEmpty().When(m => m.Columns is not null);
        RuleFor(m => m.Columns.IssueDate).NotEmpty().When(m => m.Columns is not null);
        RuleFor(m => m.Columns.Amount).NotEmpty().When(m => m.Columns is not null);
        RuleFor(m => m.DateFormats).NotEmpty();
        RuleForEach(m => m.DateFormats).NotEmpty();
        RuleFor(m => m.DecimalSeparator).Must(s => s is "." or ",").WithMessage("decimalSeparator is \".\" or \",\".");
        RuleFor(m => m.Delimiter).Must(s => s is null or "," or ";" or "\t").WithMessage("delimiter is \",\", \";\" or a tab (or null to detect it).");
        RuleFor(m => m.ThousandsSeparator).Must(s => s is null or " " or "." or "," or "'").WithMessage("thousandsSeparator is \" \", \".\", \",\" or \"'\".");
        RuleFor(m => m.ThousandsSeparator).NotEqual(m => m.DecimalSeparator).When(m => m.ThousandsSeparator is not null);
        RuleFor(m => m.DefaultCurrency!).Must(Currency.IsKnown).When(m => m.DefaultCurrency is not null).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
        RuleFor(m => m.DefaultCurrency).NotEmpty().When(m => m.Columns is not null && m.Columns.Currency is null)
            .WithMessage("Without a currency column, the mapping gives a default currency.");
        RuleFor(m => m.DefaultItemType).Must(t => Enum.TryParse<ItemType>(t, true, out _)).WithMessage("defaultItemType is Invoice, CreditNote, Payment or Adjustment.");
        RuleForEach(m => m.ItemTypeValues).Must(pair => Enum.TryParse<ItemType>(pair.Value, true, out _))
            .WithMessage("Each item type value maps to Invoice, CreditNote, Payment or Adjustment.");
    }
}
