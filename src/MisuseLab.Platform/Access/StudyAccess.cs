using MisuseLab.Platform.Audit;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;

namespace MisuseLab.Platform.Access;

/// <summary>What a membership change did, and the sentence a page or the CLI shows for it.</summary>
public sealed record MembershipChange(bool Changed, string Message);

/// <summary>
/// Per-study access: a study's members (facilitators and analysts) and admins see and act on it; nobody else learns
/// that it exists. The account that imports a study is its first member (<see cref="Drafts.StudyDrafts"/>); members are
/// added and removed here, each change audited in its own transaction under <c>study/{slug}</c> with pseudonymous ids.
/// </summary>
public sealed class StudyAccess(StudyRepository studies, StudyMemberRepository members, UserRepository users, StudyAudit audit, TimeProvider clock)
{
    /// <summary>The roles a member may have: admins need no membership, participants never get one.</summary>
    public static readonly IReadOnlyList<string> MemberRoles = [Roles.Facilitator, Roles.Analyst];

    public async Task<bool> MayAccessAsync(StaffUser user, long studyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsAdmin || await members.IsMemberAsync(studyId, user.Id, cancellationToken);
    }

    /// <summary>Study <paramref name="slug"/> when it exists and <paramref name="user"/> may see it; null otherwise (the two are not told apart).</summary>
    public async Task<StudyRecord?> FindStudyAsync(StaffUser user, string slug, CancellationToken cancellationToken)
    {
        var study = await studies.FindStudyAsync(slug, cancellationToken);
        return study is not null && await MayAccessAsync(user, study.Id, cancellationToken) ? study : null;
    }

    /// <summary>Version <paramref name="versionId"/> when it exists and <paramref name="user"/> may see its study; null otherwise.</summary>
    public async Task<StudyVersionRecord?> FindVersionAsync(StaffUser user, long versionId, CancellationToken cancellationToken)
    {
        var version = await studies.FindVersionAsync(versionId, cancellationToken);
        return version is not null && await MayAccessAsync(user, version.StudyId, cancellationToken) ? version : null;
    }

    /// <summary>The studies <paramref name="user"/> may see, in slug order.</summary>
    public async Task<IReadOnlyList<StudyRecord>> VisibleStudiesAsync(StaffUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var all = await studies.ListStudiesAsync(cancellationToken);
        if (user.IsAdmin) return all;
        var mine = await members.StudyIdsOfAsync(user.Id, cancellationToken);
        return all.Where(s => mine.Contains(s.Id)).ToList();
    }

    public Task<IReadOnlyList<StudyMember>> MembersAsync(long studyId, CancellationToken cancellationToken) => members.ListAsync(studyId, cancellationToken);

    /// <summary>Adds the facilitator or analyst account with address <paramref name="email"/> to <paramref name="study"/>.</summary>
    public async Task<MembershipChange> AddAsync(StudyRecord study, string? email, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (string.IsNullOrWhiteSpace(email))
        {
            return new(false, "Enter the e-mail address of a facilitator or analyst account.");
        }
        var account = await users.FindByEmailAsync(email, cancellationToken);
        if (account is null || !MemberRoles.Contains(account.Role, StringComparer.Ordinal))
        {
            return new(false, $"Expected the address of a facilitator or analyst account; found {(account is null ? "no account" : $"a {account.Role} account")} for '{email.Trim()}'." +
                (account?.Role == Roles.Admin ? " Admins see every study without being members." : ""));
        }
        var added = await members.AddAsync(study.Id, account.Id, clock.GetUtcNow(), audit.InTransaction<long>(id =>
            StudyAudit.Record(actor, "study.member-added", StudyAudit.StudyEntity(study.Slug), new { member = AuditActor.User(id), role = account.Role })), cancellationToken);
        return added
            ? new(true, $"{account.Email} ({account.Role}) is now a member of {study.Slug}.")
            : new(false, $"{account.Email} is a member of {study.Slug} already.");
    }

    /// <summary>
    /// Removes member <paramref name="userId"/>. The last member stays: without one only admins could reach the study,
    /// so add the next member first.
    /// </summary>
    public async Task<MembershipChange> RemoveAsync(StudyRecord study, long userId, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var current = await members.ListAsync(study.Id, cancellationToken);
        var member = current.FirstOrDefault(m => m.UserId == userId);
        if (member is null)
        {
            return new(false, $"Expected a member of {study.Slug}; account {userId} is not one.");
        }
        var removal = await members.RemoveAsync(study.Id, userId, audit.InTransaction<long>(id =>
            StudyAudit.Record(actor, "study.member-removed", StudyAudit.StudyEntity(study.Slug), new { member = AuditActor.User(id) })), cancellationToken);
        return removal switch
        {
            MemberRemoval.Removed => new(true, $"{member.Email} is no longer a member of {study.Slug}."),
            MemberRemoval.LastMember => new(false, $"{member.Email} is the only member of {study.Slug}; add another member before removing this one."),
            _ => new(false, $"{member.Email} was removed from {study.Slug} meanwhile."),
        };
    }
}
