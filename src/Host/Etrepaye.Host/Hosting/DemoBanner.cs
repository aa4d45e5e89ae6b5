namespace Etrepaye.Host.Hosting;

/// <summary>What a newcomer sees after <c>dotnet run</c>: where to go and which demo accounts to use.</summary>
internal static class DemoBanner
{
    public static void Print(ICollection<string> urls, IReadOnlyList<(string Email, string Role)> accounts, string password)
    {
        var url = urls.FirstOrDefault() ?? "http://localhost:5080";
        var lines = new List<string>
        {
            string.Empty,
            "Etrepaye is running in demo mode.",
            $"  Studio:         {url}/",
            $"  API reference:  {url}/scalar",
            $"  OpenAPI:        {url}/openapi/v1.json",
            $"  Demo accounts (password {password}):",
        };
        lines.AddRange(accounts.Select(a => $"    {a.Role,-14} {a.Email}"));
        lines.Add(string.Empty);
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
