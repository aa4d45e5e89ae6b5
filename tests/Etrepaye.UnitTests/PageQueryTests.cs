using Etrepaye.Shared.Http;
using FluentValidation;

namespace Etrepaye.UnitTests;

public sealed class PageQueryTests
{
    [Fact]
    public void Validate_WhenNothingIsGiven_UsesPageOneOfFifty()
    {
        var page = new PageQuery(null, null);

        page.Validate();

        page.Number.ShouldBe(1);
        page.Size.ShouldBe(50);
    }

    [Theory]
    [InlineData(0, 10, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, 201, "pageSize")]
    public void Validate_WhenOutOfRange_NamesTheParameter(int page, int size, string field)
    {
        var failure = Should.Throw<ValidationException>(() => new PageQuery(page, size).Validate());

        failure.Errors.Select(e => e.PropertyName).ShouldBe([field]);
    }
}
