export async function seedDemoFrontDoor(_s: unknown, _c: unknown) {}
