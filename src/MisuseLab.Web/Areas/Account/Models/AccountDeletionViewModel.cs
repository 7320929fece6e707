namespace MisuseLab.Web.Areas.Account.Models;

/// <summary>The account deletion page: who is signed in (null: nobody), whether they may delete other accounts, what happened.</summary>
public sealed record AccountDeletionViewModel(string? Email, bool IsAdmin, string? Notice, string? Problem);
