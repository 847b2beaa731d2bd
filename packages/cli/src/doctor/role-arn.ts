/**
 * The IAM role ARN behind an STS assumed-role session ARN, which is what aoss data access
 * policies and es role mappings must name: `arn:aws:sts::123456789012:assumed-role/MyRole/s`
 * → `arn:aws:iam::123456789012:role/MyRole`. `undefined` for any other ARN (an IAM user's,
 * a federated user's), which is named as it is.
 *
 * A role created under a path (`/team/`) keeps it in its own ARN but not in the session's:
 * the path cannot be recovered from the session ARN.
 */
export function roleArnOfAssumedRole(arn: string): string | undefined {
  const match = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (match === null) return undefined;
  const [, partition, account, role] = match;
  return `arn:${partition}:iam::${account}:role/${role}`;
}
