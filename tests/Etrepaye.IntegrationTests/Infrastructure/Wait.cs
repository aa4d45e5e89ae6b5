namespace Etrepaye.IntegrationTests.Infrastructure;

/// <summary>Waiting for what background workers (the outbox, the engine, the mailer) do after a request returns.</summary>
public static class Wait
{
    public static async Task Eventually(Func<Task<bool>> condition, string because, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, because);
            await Task.Delay(100);
        }
    }
}
