import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { STAGE_CATALOGUE } from '@ares/contracts';

/** The stage catalogue, for the dashboard's stage graph (and anyone who wants the default run's shape). */
@ApiTags('stages')
@Controller('stages')
export class StagesController {
  @Get()
  @ApiOperation({ summary: 'Every stage of the default run in dispatch order: its service, dependencies and description' })
  list() {
    return STAGE_CATALOGUE.map(({ name, service, dependsOn, retries, timeoutSeconds, description }) => ({
      name,
      service,
      dependsOn,
      retries,
      timeoutSeconds,
      description,
    }));
  }
}
