import styles from "@/components/chrome/controls.module.css";
import { ROLES, type Role } from "@/lib/auth/roles";

/** The "Role" picker of the new-user and new-token forms. */
export function RoleField({ value, onChange }: { value: Role; onChange(role: Role): void }) {
  return (
    <label className={styles.field}>
      Role
      <select className={styles.select} value={value} onChange={(event) => onChange(event.target.value as Role)}>
        {ROLES.map((role) => (
          <option key={role}>{role}</option>
        ))}
      </select>
    </label>
  );
}
