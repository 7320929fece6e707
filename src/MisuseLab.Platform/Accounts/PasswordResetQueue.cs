using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Platform.Accounts;

/// <summary>
/// Reset requests from the "forgot password" form, handled after the answer is sent: looking the address up, storing a
/// link and delivering it happen here, in one background worker, so the answer is the same bytes and the same (short)
/// time for an existing, a locked and an unknown address. Bounded: when full, requests are dropped (a flood cannot grow
/// memory), which the answer does not reveal either.
/// </summary>
public sealed class PasswordResetQueue(PasswordResets resets, IResetLinkSender sender, ILogger<PasswordResetQueue> logger) : BackgroundService
{
    private readonly Channel<string> _requests = Channel.CreateBounded<string>(new BoundedChannelOptions(1000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Raised after each request is handled (sent or not), for tests to wait on instead of sleeping.</summary>
    public event Action? Handled;

    public void Enqueue(string email)
    {
        if (!string.IsNullOrWhiteSpace(email) && email.Length <= 320) _requests.Writer.TryWrite(email.Trim());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (await resets.IssueAsync(email, AuditActor.System("password-reset"), stoppingToken) is { } link)
                {
                    await sender.SendAsync(link, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Neither the address nor the link goes into the log.
                logger.LogError(e, "A password reset request could not be handled.");
            }
            Handled?.Invoke();
        }
    }
}
