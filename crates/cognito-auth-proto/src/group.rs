//! User-pool groups (SigV4): `CreateGroup`, `GetGroup`, `UpdateGroup`,
//! `DeleteGroup`, `ListGroups`, `AdminAddUserToGroup`,
//! `AdminRemoveUserFromGroup`, `AdminListGroupsForUser` and
//! `ListUsersInGroup`; [`Group`].
//!
//! The groups a user belongs to appear in the `cognito:groups` claim of its
//! ID and access tokens; their `RoleArn`s in the ID token's `cognito:roles`
//! and, for the group of lowest `Precedence`, `cognito:preferred_role`.

use serde::{Deserialize, Serialize};

use crate::{EpochSeconds, User};

/// A user-pool group (`GroupType`). Every member is optional in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Group {
    /// The group's name (case-sensitive, unique in its pool).
    #[serde(rename = "GroupName", default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The pool id, `<region>_<id>`.
    #[serde(
        rename = "UserPoolId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_id: Option<String>,
    /// A free description (up to 2048 characters).
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// The IAM role of the group's members (`cognito:roles`).
    #[serde(rename = "RoleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Non-negative; lower wins `cognito:preferred_role`; absent ranks last.
    #[serde(
        rename = "Precedence",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub precedence: Option<i32>,
    /// Last modification time.
    #[serde(
        rename = "LastModifiedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified_date: Option<EpochSeconds>,
    /// Creation time.
    #[serde(
        rename = "CreationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_date: Option<EpochSeconds>,
}

/// Input of `CreateGroup`: creates a group in a pool (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateGroupRequest {
    /// The new group's name.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// A free description.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// The IAM role of the group's members.
    #[serde(rename = "RoleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Non-negative precedence.
    #[serde(
        rename = "Precedence",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub precedence: Option<i32>,
}

/// Output of `CreateGroup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateGroupResponse {
    /// The group created.
    #[serde(rename = "Group", default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
}

/// Input of `GetGroup`: reads a group (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetGroupRequest {
    /// The group's name.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
}

/// Output of `GetGroup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetGroupResponse {
    /// The group.
    #[serde(rename = "Group", default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
}

/// Input of `UpdateGroup`: changes a group's description, role or
/// precedence; members left out keep their value (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateGroupRequest {
    /// The group's name.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// A new description.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// A new IAM role.
    #[serde(rename = "RoleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// A new precedence.
    #[serde(
        rename = "Precedence",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub precedence: Option<i32>,
}

/// Output of `UpdateGroup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateGroupResponse {
    /// The group as it is now.
    #[serde(rename = "Group", default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
}

/// Input of `DeleteGroup`: deletes a group; its members stay in the pool
/// (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteGroupRequest {
    /// The group's name.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
}

/// Output of `DeleteGroup` (no members in the model; the service sends `{}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteGroupResponse {}

/// Input of `ListGroups`: the groups of a pool, a page at a time (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListGroupsRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// Page size (0–60; 0 or absent: the service's default).
    #[serde(rename = "Limit", default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Output of `ListGroups`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListGroupsResponse {
    /// The groups.
    #[serde(rename = "Groups", default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Group>>,
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Input of `AdminAddUserToGroup`: makes a user a member of a group (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminAddUserToGroupRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// The group's name.
    #[serde(rename = "GroupName")]
    pub group_name: String,
}

/// Output of `AdminAddUserToGroup` (no members in the model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminAddUserToGroupResponse {}

/// Input of `AdminRemoveUserFromGroup`: ends a user's membership (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminRemoveUserFromGroupRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// The group's name.
    #[serde(rename = "GroupName")]
    pub group_name: String,
}

/// Output of `AdminRemoveUserFromGroup` (no members in the model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminRemoveUserFromGroupResponse {}

/// Input of `AdminListGroupsForUser`: lists the groups of a user (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminListGroupsForUserRequest {
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// Page size (0–60).
    #[serde(rename = "Limit", default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Output of `AdminListGroupsForUser`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminListGroupsForUserResponse {
    /// The groups.
    #[serde(rename = "Groups", default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Group>>,
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Input of `ListUsersInGroup`: the members of a group (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListUsersInGroupRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The group's name.
    #[serde(rename = "GroupName")]
    pub group_name: String,
    /// Page size (0–60).
    #[serde(rename = "Limit", default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Output of `ListUsersInGroup` (users in `UserType` form, attributes under
/// `Attributes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListUsersInGroupResponse {
    /// The members.
    #[serde(rename = "Users", default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<User>>,
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
