using Microsoft.EntityFrameworkCore;

namespace Etrepaye.FixtureBeta.Contracts;

/// <summary>Rule 2 violation: a Contracts type that uses EF Core (ModelBuilder, and Relational's HasDefaultSchema).</summary>
public static class BetaSchema
{
    /// <summary>Puts the module's tables in its schema.</summary>
    /// <param name="modelBuilder">The model being built.</param>
    public static void Apply(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema("beta");
}
