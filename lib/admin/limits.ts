/** TaskRouter's range for a task's Priority (shared by the API's validation and the UI). */
export const MAX_PRIORITY = 2_147_483_647;
