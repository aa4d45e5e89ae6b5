using Etrepaye.Shared.Http;
using Etrepaye.Shared.Persistence;

namespace Etrepaye.UnitTests;

public sealed class NamingTests
{
    [Theory]
    [InlineData("OpenAmount", "open_amount")]
    [InlineData("CompanyId", "company_id")]
    [InlineData("Id", "id")]
    [InlineData("NormalizedUserName", "normalized_user_name")]
    [InlineData("VatNumber", "vat_number")]
    [InlineData("IBANCode", "iban_code")]
    [InlineData("Address2", "address2")]
    public void ToSnakeCase_WhenGivenPascalCase_GivesSnakeCase(string name, string expected)
    {
        Naming.ToSnakeCase(name).ShouldBe(expected);
    }

    [Fact]
    public void Table_WhenProviderIsSqlite_PrefixesTheModuleSchema()
    {
        Naming.Table(isSqlite: true, "receivables", "invoices").ShouldBe("receivables_invoices");
        Naming.Table(isSqlite: false, "receivables", "invoices").ShouldBe("invoices");
    }

    [Theory]
    [InlineData("ShareCapital.Amount", "shareCapital.amount")]
    [InlineData("Roles[0]", "roles[0]")]
    [InlineData("Email", "email")]
    public void FieldName_WhenValidationNamesAProperty_UsesTheJsonName(string property, string field)
    {
        ProblemDetailsExceptionHandler.FieldName(property).ShouldBe(field);
    }
}
