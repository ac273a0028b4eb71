/**
 * The types of cdktf's jest matchers (`Testing.setupJest()`). cdktf declares them on `jest.Matchers<R>`, which
 * no longer merges with @types/jest 30's `Matchers<R, T>`, so they are declared again here with its signature.
 * toBeValidTerraform and toPlanSuccessfully are left out: they need terraform to download providers.
 */
import type { TerraformConstructor } from 'cdktf/lib/testing/matchers';

declare global {
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> {
      toHaveResource(resourceConstructor: TerraformConstructor): R;
      toHaveResourceWithProperties(resourceConstructor: TerraformConstructor, properties: Record<string, unknown>): R;
      toHaveDataSource(dataSourceConstructor: TerraformConstructor): R;
      toHaveDataSourceWithProperties(dataSourceConstructor: TerraformConstructor, properties: Record<string, unknown>): R;
      toHaveProvider(providerConstructor: TerraformConstructor): R;
      toHaveProviderWithProperties(providerConstructor: TerraformConstructor, properties: Record<string, unknown>): R;
    }
  }
}
