//! User-pool groups: CreateGroup, GetGroup, UpdateGroup, DeleteGroup,
//! ListGroups, AdminAddUserToGroup, AdminRemoveUserFromGroup,
//! AdminListGroupsForUser, ListUsersInGroup, and the group claims of tokens.
//!
//! Groups live in [`Pool::groups`] by exact name (names are case-sensitive);
//! membership is a set of group names on each [`User`], so deleting a user
//! ends its memberships and deleting a group is removed from every user.

use cognito_auth_proto::{
    AdminAddUserToGroupRequest, AdminAddUserToGroupResponse, AdminListGroupsForUserRequest,
    AdminListGroupsForUserResponse, AdminRemoveUserFromGroupRequest,
    AdminRemoveUserFromGroupResponse, CreateGroupRequest, CreateGroupResponse, DeleteGroupRequest,
    DeleteGroupResponse, ErrorKind, GetGroupRequest, GetGroupResponse, Group as WireGroup,
    ListGroupsRequest, ListGroupsResponse, ListUsersInGroupRequest, ListUsersInGroupResponse,
    UpdateGroupRequest, UpdateGroupResponse,
};

use crate::admin::{find_user_key, page_start, page_token, secs, wire_user};
use crate::common::{pool, pool_mut};
use crate::config::GroupConfig;
use crate::error::{ApiError, err, invalid_parameter, resource_not_found, user_not_found};
use crate::service::Inner;
use crate::state::{Group, Pool, User};

/// `GroupExistsException` as the service words it: without the name (the
/// text of aws-amplify/amplify-backend#1781, a deployment against the real
/// service, and moto's).
pub const GROUP_EXISTS: &str = "A group with the name already exists";

/// `ResourceNotFoundException` for an unknown group (observed in
/// aws-amplify/amplify-cli#2214 and aws/aws-aspnet-cognito-identity-provider#85).
pub const GROUP_NOT_FOUND: &str = "Group not found.";

/// Longest `Description` (`DescriptionType`).
const MAX_DESCRIPTION: usize = 2048;

/// The page size of the listings when `Limit` is absent or 0.
const DEFAULT_LIMIT: usize = 60;

fn group_not_found() -> ApiError {
    resource_not_found(GROUP_NOT_FOUND)
}

/// One model-validation failure, `Value '…' at 'member' failed to satisfy
/// constraint: …`, as the service's front end reports them.
fn violation(value: &str, member: &str, constraint: &str) -> String {
    format!("Value '{value}' at '{member}' failed to satisfy constraint: {constraint}")
}

/// Joins violations the way the service does (`1 validation error detected:
/// …`, `2 validation errors detected: …; …`).
fn validation_errors(v: Vec<String>) -> Result<(), ApiError> {
    match v.len() {
        0 => Ok(()),
        1 => Err(invalid_parameter(format!(
            "1 validation error detected: {}",
            v.join("; ")
        ))),
        n => Err(invalid_parameter(format!(
            "{n} validation errors detected: {}",
            v.join("; ")
        ))),
    }
}

/// `GroupNameType`: 1–128 characters of `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`
/// (letters, marks, symbols, numbers, punctuation: no spaces or controls).
fn check_group_name(name: &str, out: &mut Vec<String>) {
    let n = name.chars().count();
    if n < 1 {
        out.push(violation(
            name,
            "groupName",
            "Member must have length greater than or equal to 1",
        ));
    } else if n > 128 {
        out.push(violation(
            name,
            "groupName",
            "Member must have length less than or equal to 128",
        ));
    } else if name
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_format_char(c))
    {
        out.push(violation(
            name,
            "groupName",
            "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
}

/// The common invisible format characters (Unicode category Cf), which the
/// name pattern does not admit either.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn check_description(d: Option<&str>, out: &mut Vec<String>) {
    if let Some(d) = d
        && d.chars().count() > MAX_DESCRIPTION
    {
        out.push(violation(
            d,
            "description",
            "Member must have length less than or equal to 2048",
        ));
    }
}

fn check_precedence(p: Option<i32>, out: &mut Vec<String>) {
    if let Some(p) = p
        && p < 0
    {
        out.push(violation(
            &p.to_string(),
            "precedence",
            "Member must have value greater than or equal to 0",
        ));
    }
}

fn check_role_arn_length(arn: Option<&str>, out: &mut Vec<String>) {
    let Some(arn) = arn else { return };
    let n = arn.chars().count();
    if n < 20 {
        out.push(violation(
            arn,
            "roleArn",
            "Member must have length greater than or equal to 20",
        ));
    } else if n > 2048 {
        out.push(violation(
            arn,
            "roleArn",
            "Member must have length less than or equal to 2048",
        ));
    }
}

/// `ArnType`'s pattern: `arn:P:P:P?:DIGITS:P(:P)?(:P)?` where `P` is
/// `[\w+=/,.@-]+`. A well-sized value that is not an ARN is refused by the
/// service itself with `Invalid ARN format <value>` (observed in
/// hashicorp/terraform-provider-aws#4236, where a description was sent as
/// the role).
fn is_arn(arn: &str) -> bool {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || "_+=/,.@-".contains(c);
    let parts: Vec<&str> = arn.split(':').collect();
    if !(6..=8).contains(&parts.len()) || parts[0] != "arn" {
        return false;
    }
    parts.iter().enumerate().skip(1).all(|(i, p)| match i {
        3 => p.chars().all(ok_char),
        4 => !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()),
        _ => !p.is_empty() && p.chars().all(ok_char),
    })
}

/// Checks every member of a CreateGroup/UpdateGroup/config group.
fn check_group_fields(
    name: &str,
    description: Option<&str>,
    role_arn: Option<&str>,
    precedence: Option<i32>,
) -> Result<(), ApiError> {
    let mut v = Vec::new();
    check_group_name(name, &mut v);
    check_description(description, &mut v);
    check_role_arn_length(role_arn, &mut v);
    check_precedence(precedence, &mut v);
    validation_errors(v)?;
    if let Some(arn) = role_arn
        && !is_arn(arn)
    {
        return Err(invalid_parameter(format!("Invalid ARN format {arn}")));
    }
    Ok(())
}

/// Checks a group name given to look a group up (GetGroup, AdminAddUserToGroup, …).
fn check_lookup_name(name: &str) -> Result<(), ApiError> {
    let mut v = Vec::new();
    check_group_name(name, &mut v);
    validation_errors(v)
}

/// `Limit` (`QueryLimitType`, 0–60; 0 or absent: 60).
fn page_size(limit: Option<i32>) -> Result<usize, ApiError> {
    match limit {
        None | Some(0) => Ok(DEFAULT_LIMIT),
        Some(l) if (1..=60).contains(&l) => Ok(usize::try_from(l).unwrap_or(DEFAULT_LIMIT)),
        Some(l) if l < 0 => validation_errors(vec![violation(
            &l.to_string(),
            "limit",
            "Member must have value greater than or equal to 0",
        )])
        .map(|()| DEFAULT_LIMIT),
        Some(l) => validation_errors(vec![violation(
            &l.to_string(),
            "limit",
            "Member must have value less than or equal to 60",
        )])
        .map(|()| DEFAULT_LIMIT),
    }
}

/// A group in `GroupType` form.
fn wire_group(pool_id: &str, g: &Group) -> WireGroup {
    WireGroup {
        group_name: Some(g.name.clone()),
        user_pool_id: Some(pool_id.to_owned()),
        description: g.description.clone(),
        role_arn: g.role_arn.clone(),
        precedence: g.precedence,
        last_modified_date: Some(secs(g.modified_ms)),
        creation_date: Some(secs(g.created_ms)),
    }
}

/// The sort key of [`Group::rank`] as a string, for page tokens.
fn rank_key(g: &Group) -> String {
    let (p, name) = g.rank();
    format!("{p:020}:{name}")
}

/// A user's groups in token order (see [`Group::rank`]).
pub(crate) fn groups_of<'a>(pool: &'a Pool, user: &User) -> Vec<&'a Group> {
    let mut v: Vec<&Group> = user
        .groups
        .iter()
        .filter_map(|n| pool.groups.get(n))
        .collect();
    v.sort_by(|a, b| a.rank().cmp(&b.rank()));
    v
}

/// The group claims of a user's tokens.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct GroupClaims {
    /// `cognito:groups` (ID and access tokens; empty: the claim is left out).
    pub groups: Vec<String>,
    /// `cognito:roles` (ID token): every distinct role of those groups.
    pub roles: Vec<String>,
    /// `cognito:preferred_role` (ID token): the role of the best-ranked
    /// groups that have one, when they agree on it.
    pub preferred_role: Option<String>,
}

/// Works out the group claims: groups ordered by precedence (lowest first,
/// groups without one last) then name; roles in that order without
/// duplicates; the preferred role is the role of the groups with a role and
/// the lowest precedence, left out when those groups have different roles
/// ("neither group takes precedence over the other").
pub(crate) fn group_claims(pool: &Pool, user: &User) -> GroupClaims {
    let groups = groups_of(pool, user);
    let mut roles: Vec<String> = Vec::new();
    for g in &groups {
        if let Some(r) = &g.role_arn
            && !roles.contains(r)
        {
            roles.push(r.clone());
        }
    }
    let with_role: Vec<&&Group> = groups.iter().filter(|g| g.role_arn.is_some()).collect();
    let preferred_role = with_role.first().and_then(|best| {
        let tier = best.rank().0;
        let mut arns = with_role
            .iter()
            .filter(|g| g.rank().0 == tier)
            .filter_map(|g| g.role_arn.as_deref());
        let first = arns.next()?;
        arns.all(|a| a == first).then(|| first.to_owned())
    });
    GroupClaims {
        groups: groups.iter().map(|g| g.name.clone()).collect(),
        roles,
        preferred_role,
    }
}

/// Creates a configured group in a pool being seeded.
pub(crate) fn seed_group(pool: &mut Pool, gc: &GroupConfig, now_ms: i64) -> Result<(), ApiError> {
    check_group_fields(
        &gc.name,
        gc.description.as_deref(),
        gc.role_arn.as_deref(),
        gc.precedence,
    )?;
    insert_group(
        pool,
        Group {
            name: gc.name.clone(),
            description: gc.description.clone(),
            role_arn: gc.role_arn.clone(),
            precedence: gc.precedence,
            created_ms: now_ms,
            modified_ms: now_ms,
        },
    )
}

/// Puts a configured user (by key) in the groups it lists.
pub(crate) fn seed_memberships(
    pool: &mut Pool,
    user_key: &str,
    groups: &[String],
) -> Result<(), ApiError> {
    for name in groups {
        if !pool.groups.contains_key(name) {
            return Err(invalid_parameter(format!(
                "group {name:?} is not among the pool's groups"
            )));
        }
    }
    let u = pool.users.get_mut(user_key).ok_or_else(user_not_found)?;
    u.groups.extend(groups.iter().cloned());
    Ok(())
}

/// Names are unique regardless of case (renaming `ADMINS` to `Admins` is
/// refused with GroupExistsException by the real service:
/// aws-amplify/amplify-backend#1781), while lookups match the exact name.
fn insert_group(pool: &mut Pool, g: Group) -> Result<(), ApiError> {
    let lower = g.name.to_lowercase();
    if pool.groups.keys().any(|k| k.to_lowercase() == lower) {
        return Err(err(ErrorKind::GroupExists, GROUP_EXISTS));
    }
    pool.groups.insert(g.name.clone(), g);
    Ok(())
}

impl Inner {
    pub(crate) fn create_group(
        &self,
        req: CreateGroupRequest,
    ) -> Result<CreateGroupResponse, ApiError> {
        check_group_fields(
            &req.group_name,
            req.description.as_deref(),
            req.role_arn.as_deref(),
            req.precedence,
        )?;
        let now_ms = self.clock.now_ms();
        let group = Group {
            name: req.group_name.clone(),
            description: req.description.clone(),
            role_arn: req.role_arn.clone(),
            precedence: req.precedence,
            created_ms: now_ms,
            modified_ms: now_ms,
        };
        let wire = wire_group(&req.user_pool_id, &group);
        self.write(|st| insert_group(pool_mut(st, &req.user_pool_id)?, group))?;
        Ok(CreateGroupResponse { group: Some(wire) })
    }

    pub(crate) fn get_group(&self, req: GetGroupRequest) -> Result<GetGroupResponse, ApiError> {
        check_lookup_name(&req.group_name)?;
        let st = self.lock();
        let p = pool(&st, &req.user_pool_id)?;
        let g = p.groups.get(&req.group_name).ok_or_else(group_not_found)?;
        Ok(GetGroupResponse {
            group: Some(wire_group(&p.id, g)),
        })
    }

    pub(crate) fn update_group(
        &self,
        req: UpdateGroupRequest,
    ) -> Result<UpdateGroupResponse, ApiError> {
        check_group_fields(
            &req.group_name,
            req.description.as_deref(),
            req.role_arn.as_deref(),
            req.precedence,
        )?;
        let now_ms = self.clock.now_ms();
        let wire = self.write(|st| -> Result<WireGroup, ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            let g = p
                .groups
                .get_mut(&req.group_name)
                .ok_or_else(group_not_found)?;
            // Members left out keep their value (the API reference's example
            // updates the description and gets the old RoleArn back).
            if let Some(d) = &req.description {
                g.description = Some(d.clone());
            }
            if let Some(r) = &req.role_arn {
                g.role_arn = Some(r.clone());
            }
            if let Some(pr) = req.precedence {
                g.precedence = Some(pr);
            }
            g.modified_ms = now_ms;
            Ok(wire_group(&req.user_pool_id, g))
        })?;
        Ok(UpdateGroupResponse { group: Some(wire) })
    }

    pub(crate) fn delete_group(
        &self,
        req: DeleteGroupRequest,
    ) -> Result<DeleteGroupResponse, ApiError> {
        check_lookup_name(&req.group_name)?;
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            p.groups
                .remove(&req.group_name)
                .ok_or_else(group_not_found)?;
            for u in p.users.values_mut() {
                u.groups.remove(&req.group_name);
            }
            Ok(())
        })?;
        Ok(DeleteGroupResponse {})
    }

    pub(crate) fn list_groups(
        &self,
        req: ListGroupsRequest,
    ) -> Result<ListGroupsResponse, ApiError> {
        let limit = page_size(req.limit)?;
        let start = page_start(req.next_token.as_ref())?;
        let st = self.lock();
        let p = pool(&st, &req.user_pool_id)?;
        let mut it = p
            .groups
            .values()
            .filter(|g| start.as_ref().is_none_or(|s| g.name.as_str() > s.as_str()));
        let page: Vec<&Group> = it.by_ref().take(limit).collect();
        let more = it.next().is_some();
        Ok(ListGroupsResponse {
            groups: Some(page.iter().map(|g| wire_group(&p.id, g)).collect()),
            next_token: if more {
                page.last().map(|g| page_token(&g.name))
            } else {
                None
            },
        })
    }

    /// AdminAddUserToGroup and AdminRemoveUserFromGroup: checks the group
    /// name, finds the pool, the group and the user, then edits the user's
    /// memberships.
    fn edit_membership(
        &self,
        pool_id: &str,
        group_name: &str,
        username: &str,
        edit: impl FnOnce(&mut std::collections::BTreeSet<String>),
    ) -> Result<(), ApiError> {
        check_lookup_name(group_name)?;
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, pool_id)?;
            if !p.groups.contains_key(group_name) {
                return Err(group_not_found());
            }
            let key = find_user_key(p, username)?;
            let u = p.users.get_mut(&key).ok_or_else(user_not_found)?;
            edit(&mut u.groups);
            Ok(())
        })
    }

    pub(crate) fn admin_add_user_to_group(
        &self,
        req: AdminAddUserToGroupRequest,
    ) -> Result<AdminAddUserToGroupResponse, ApiError> {
        // Adding a member twice is not an error.
        self.edit_membership(
            &req.user_pool_id,
            &req.group_name,
            &req.username,
            |groups| {
                groups.insert(req.group_name.clone());
            },
        )?;
        Ok(AdminAddUserToGroupResponse {})
    }

    pub(crate) fn admin_remove_user_from_group(
        &self,
        req: AdminRemoveUserFromGroupRequest,
    ) -> Result<AdminRemoveUserFromGroupResponse, ApiError> {
        // Removing a non-member is not an error either.
        self.edit_membership(
            &req.user_pool_id,
            &req.group_name,
            &req.username,
            |groups| {
                groups.remove(&req.group_name);
            },
        )?;
        Ok(AdminRemoveUserFromGroupResponse {})
    }

    pub(crate) fn admin_list_groups_for_user(
        &self,
        req: AdminListGroupsForUserRequest,
    ) -> Result<AdminListGroupsForUserResponse, ApiError> {
        let limit = page_size(req.limit)?;
        let start = page_start(req.next_token.as_ref())?;
        let st = self.lock();
        let p = pool(&st, &req.user_pool_id)?;
        let key = find_user_key(p, &req.username)?;
        let u = p.users.get(&key).ok_or_else(user_not_found)?;
        let mut it = groups_of(p, u)
            .into_iter()
            .filter(|g| start.as_ref().is_none_or(|s| rank_key(g) > *s));
        let page: Vec<&Group> = it.by_ref().take(limit).collect();
        let more = it.next().is_some();
        Ok(AdminListGroupsForUserResponse {
            groups: Some(page.iter().map(|g| wire_group(&p.id, g)).collect()),
            next_token: if more {
                page.last().map(|g| page_token(&rank_key(g)))
            } else {
                None
            },
        })
    }

    pub(crate) fn list_users_in_group(
        &self,
        req: ListUsersInGroupRequest,
    ) -> Result<ListUsersInGroupResponse, ApiError> {
        check_lookup_name(&req.group_name)?;
        let limit = page_size(req.limit)?;
        let start = page_start(req.next_token.as_ref())?;
        let st = self.lock();
        let p = pool(&st, &req.user_pool_id)?;
        if !p.groups.contains_key(&req.group_name) {
            return Err(group_not_found());
        }
        let mut it = p
            .users
            .iter()
            .filter(|(_, u)| u.groups.contains(&req.group_name))
            .filter(|(k, _)| start.as_ref().is_none_or(|s| k.as_str() > s.as_str()));
        let page: Vec<(&String, &User)> = it.by_ref().take(limit).collect();
        let more = it.next().is_some();
        Ok(ListUsersInGroupResponse {
            users: Some(page.iter().map(|(_, u)| wire_user(u, None)).collect()),
            next_token: if more {
                page.last().map(|(k, _)| page_token(k))
            } else {
                None
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: &str, precedence: Option<i32>, role: Option<&str>) -> Group {
        Group {
            name: name.into(),
            description: None,
            role_arn: role.map(str::to_owned),
            precedence,
            created_ms: 0,
            modified_ms: 0,
        }
    }

    #[test]
    fn arns() {
        assert!(is_arn("arn:aws:iam::123456789012:role/Admins"));
        assert!(is_arn("arn:aws-cn:iam::123456789012:role/path/x-y_z"));
        assert!(!is_arn("Team group (managed by Terraform)"));
        assert!(!is_arn("arn:aws:iam::notdigits:role/x"));
        assert!(!is_arn("arn::iam::123456789012:role/x"));
        assert!(!is_arn("arn:aws:iam::123456789012:"));
    }

    #[test]
    fn names() {
        let mut v = Vec::new();
        for ok in ["admins", "Admins", "a-b_c.d@e", "ÄÖÜ", "😀"] {
            check_group_name(ok, &mut v);
        }
        assert!(v.is_empty(), "{v:?}");
        for bad in [
            "",
            "a b",
            "tab\there",
            "zero\u{200B}width",
            &"x".repeat(129),
        ] {
            check_group_name(bad, &mut v);
        }
        assert_eq!(v.len(), 5, "{v:?}");
    }

    #[test]
    fn rank_orders_precedence_then_name_with_absent_last() {
        let mut v = [
            group("b", None, None),
            group("z", Some(0), None),
            group("a", Some(5), None),
            group("a0", None, None),
            group("c", Some(5), None),
        ];
        v.sort_by(|x, y| x.rank().cmp(&y.rank()));
        let names: Vec<&str> = v.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["z", "a", "c", "a0", "b"]);
        assert!(rank_key(&v[0]) < rank_key(&v[1]));
        assert!(rank_key(&v[2]) < rank_key(&v[3]));
    }
}
