using Etrepaye.IntegrationTests.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Platform;

/// <summary>
/// Validators build their rules in their constructors (expression trees, rule objects): the host builds each one once, not once
/// per request, and every request's pipeline still finds it.
/// </summary>
public sealed class MediationRegistrationTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    [Fact]
    public async Task Validators_WhenResolvedByTwoRequestScopes_AreTheSameInstance()
    {
        var validatorTypes = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("Etrepaye.", StringComparison.Ordinal) == true)
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            .Distinct()
            .ToList();
        validatorTypes.Count.ShouldBeGreaterThan(20);

        await using var first = fixture.Factory.Services.CreateAsyncScope();
        await using var second = fixture.Factory.Services.CreateAsyncScope();
        foreach (var validatorType in validatorTypes)
        {
            var enumerable = typeof(IEnumerable<>).MakeGenericType(validatorType);
            var inFirst = ((IEnumerable<object>)first.ServiceProvider.GetRequiredService(enumerable)).ToList();
            var inSecond = ((IEnumerable<object>)second.ServiceProvider.GetRequiredService(enumerable)).ToList();
            inFirst.ShouldNotBeEmpty(validatorType.Name);
            inSecond.ShouldBe(inFirst, validatorType.Name);
        }
    }
}
