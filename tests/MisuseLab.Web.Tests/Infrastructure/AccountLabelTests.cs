using System.Security.Claims;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Tests.Infrastructure;

public sealed class AccountLabelTests
{
    private static ClaimsPrincipal User(string email, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, role)], "test", ClaimTypes.Name, ClaimTypes.Role));

    [Theory]
    [InlineData("jane.doe@example.org", "j•••@example.org")]
    [InlineData("a@b.c", "a•••@b.c")]
    [InlineData("odd@local@example.org", "o•••@example.org")] // quoted local parts may hold '@': the domain is after the last
    [InlineData("@example.org", "•••")]
    [InlineData("nobody@", "•••")]
    [InlineData("no-at-sign", "•••")]
    [InlineData("", "•••")]
    public void Masked_keeps_the_first_character_and_the_domain_only(string email, string expected) =>
        Assert.Equal(expected, AccountLabel.Masked(email));

    [Fact]
    public void Participants_get_the_masked_address_and_staff_the_full_one()
    {
        Assert.Equal("j•••@example.org", AccountLabel.For(User("jane.doe@example.org", Roles.Participant)));
        foreach (var staff in new[] { Roles.Facilitator, Roles.Analyst, Roles.Admin })
        {
            Assert.Equal("jane.doe@example.org", AccountLabel.For(User("jane.doe@example.org", staff)));
        }
    }
}
