using System.Globalization;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Contracts;

namespace Etrepaye.Receivables.Importing;

/// <summary>A row of the file read into a ledger item.</summary>
internal sealed record ImportRow(
    long Line, string CustomerReference, string? CustomerName, ItemType Type, string Reference, string Currency, DateOnly IssueDate, DateOnly? DueDate,
    decimal Amount, bool Disputed, DateOnly? SettledDate, decimal? SettledAmount);

/// <summary>A reason a row cannot be imported.</summary>
internal sealed record RowError(long Line, string? Column, string Reason);

/// <summary>Reads rows with a mapping: finds its columns in the header, then parses each row or says what is wrong with it.</summary>
internal sealed class RowParser
{
    private readonly ImportMappingDefinition _mapping;
    private readonly Dictionary<string, int> _index;
    private readonly string[] _dateFormats;
    private readonly HashSet<string> _disputed;

    private RowParser(ImportMappingDefinition mapping, Dictionary<string, int> index)
    {
        _mapping = mapping;
        _index = index;
        _dateFormats = [.. mapping.DateFormats];
        _disputed = new HashSet<string>(mapping.DisputedValues ?? ImportMappingDefinition.DefaultDisputedValues, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The parser, or the header errors (mapped columns the file lacks).</summary>
    public static (RowParser? Parser, List<RowError> Errors) ForHeader(ImportMappingDefinition mapping, CsvRecord? header)
    {
        if (header is null)
        {
            return (null, [new RowError(1, null, "The file is empty.")]);
        }

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            index.TryAdd(header.Fields[i].Trim(), i);
        }

        var c = mapping.Columns;
        var missing = new[] { c.CustomerReference, c.ItemReference, c.IssueDate, c.Amount, c.ItemType, c.Currency, c.DueDate, c.Disputed, c.SettledDate, c.SettledAmount, c.CustomerName }
            .Where(name => name is not null && !index.ContainsKey(name))
            .Select(name => new RowError(1, name, $"The mapped column '{name}' is not in the file's header."))
            .ToList();
        return missing.Count > 0 ? (null, missing) : (new RowParser(mapping, index), []);
    }

    public (ImportRow? Row, List<RowError> Errors) Parse(CsvRecord record)
    {
        var errors = new List<RowError>();
        var c = _mapping.Columns;
        string? Value(string? column) =>
            column is null ? null : _index[column] < record.Fields.Count ? record.Fields[_index[column]].Trim() : null;
        void Fail(string? column, string reason) => errors.Add(new RowError(record.Line, column, reason));

        string Required(string column)
        {
            var value = Value(column);
            if (string.IsNullOrEmpty(value))
            {
                Fail(column, "A value is required.");
            }

            return value ?? "";
        }

        DateOnly? Date(string? column, bool required)
        {
            var value = Value(column);
            if (string.IsNullOrEmpty(value))
            {
                if (required)
                {
                    Fail(column, "A date is required.");
                }

                return null;
            }

            if (DateOnly.TryParseExact(value, _dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Fail(column, $"'{value}' is not a date in the format {string.Join(" or ", _dateFormats)}.");
            return null;
        }

        decimal? Amount(string? column, bool required)
        {
            var value = Value(column);
            if (string.IsNullOrEmpty(value))
            {
                if (required)
                {
                    Fail(column, "An amount is required.");
                }

                return null;
            }

            var text = _mapping.ThousandsSeparator is { } thousands ? value.Replace(thousands, "", StringComparison.Ordinal) : value;
            if (_mapping.DecimalSeparator == ",")
            {
                text = text.Replace(',', '.');
            }

            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                && Math.Round(amount, 4) == amount)
            {
                return amount;
            }

            Fail(column, $"'{value}' is not an amount with '{_mapping.DecimalSeparator}' as decimal separator.");
            return null;
        }

        var customer = Required(c.CustomerReference);
        if (customer.Length > 100)
        {
            Fail(c.CustomerReference, "The customer reference is longer than 100 characters.");
        }

        var reference = Required(c.ItemReference);
        if (reference.Length > 100)
        {
            Fail(c.ItemReference, "The item reference is longer than 100 characters.");
        }

        var type = Enum.Parse<ItemType>(_mapping.DefaultItemType, true);
        if (c.ItemType is not null)
        {
            var value = Value(c.ItemType) ?? "";
            var mapped = _mapping.ItemTypeValues?.FirstOrDefault(p => string.Equals(p.Key, value, StringComparison.OrdinalIgnoreCase)).Value ?? value;
            if (!Enum.TryParse(mapped, true, out type) || !Enum.IsDefined(type))
            {
                Fail(c.ItemType, $"'{value}' is not a known item type.");
            }
        }

        var currency = c.Currency is null ? _mapping.DefaultCurrency! : (Value(c.Currency) ?? "").ToUpperInvariant();
        if (!Currency.IsKnown(currency))
        {
            Fail(c.Currency, $"'{currency}' is not an ISO 4217 currency code.");
        }

        var issueDate = Date(c.IssueDate, required: true);
        var dueDate = Date(c.DueDate, required: false);
        var amount = Amount(c.Amount, required: true);
        var settledDate = Date(c.SettledDate, required: false);
        var settledAmount = Amount(c.SettledAmount, required: false);
        if (amount is { } a)
        {
            if (a == 0m)
            {
                Fail(c.Amount, "The amount is zero.");
            }
            else if (a < 0m && type == ItemType.Invoice)
            {
                Fail(c.Amount, "An invoice amount is positive (a credit is a credit note).");
            }
        }

        if (issueDate is { } issued && dueDate is { } due && due < issued)
        {
            Fail(c.DueDate, "The due date is before the issue date.");
        }

        if (issueDate is { } issuedOn && settledDate is { } settled && settled < issuedOn)
        {
            Fail(c.SettledDate, "The settled date is before the issue date.");
        }

        if (settledAmount is { } part && amount is { } whole && (part < 0m || part > Math.Abs(whole)))
        {
            Fail(c.SettledAmount, "The settled amount is between 0 and the amount.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var signed = type == ItemType.Adjustment ? amount!.Value : Math.Abs(amount!.Value);
        var name = Value(c.CustomerName);
        return (new ImportRow(record.Line, customer, string.IsNullOrEmpty(name) ? null : name, type, reference, currency, issueDate!.Value,
            dueDate ?? (type == ItemType.Invoice ? issueDate : null), signed, _disputed.Contains(Value(c.Disputed) ?? ""), settledDate, settledAmount), errors);
    }
}
