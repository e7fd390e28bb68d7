#!/usr/bin/env python3
"""The registers of an SVD file as the cmsis-svd package's parser reads it, one JSON object
per line (address, width, access, reset, fields with bits, access and enumerated values),
for DescriptionTests to compare with `mmio regs --json`. Names are left out: the package
names cluster registers CLUSTER_REG where mmio says CLUSTER.REG."""
import json
import sys

from cmsis_svd.parser import SVDParser
from cmsis_svd.model import (SVDPeripheralArray, SVDRegister, SVDRegisterArray,
                             SVDRegisterCluster, SVDRegisterClusterArray)

ACCESS = {"read-only": "ro", "write-only": "wo", "read-write": "rw", "writeOnce": "wo",
          "read-writeOnce": "rw"}


def registers(items):
    for item in items or []:
        if isinstance(item, SVDRegister):
            yield item
        elif isinstance(item, SVDRegisterArray):
            yield from item.registers
        elif isinstance(item, SVDRegisterCluster):
            yield from registers(item.registers)
        elif isinstance(item, SVDRegisterClusterArray):
            for cluster in item.clusters:
                yield from registers(cluster.registers)


def inherited(register, peripheral, device, name):
    for element in (register, getattr(register, "parent", None), peripheral, device):
        value = getattr(element, name, None) if element is not None else None
        if value is not None:
            return value
    return None


def main(path):
    device = SVDParser.for_xml_file(path).get_device()
    peripherals = []
    for peripheral in device.peripherals:
        peripherals.extend(peripheral.peripherals if isinstance(peripheral, SVDPeripheralArray) else [peripheral])
    for peripheral in peripherals:
        for register in registers(peripheral.registers):
            access = inherited(register, peripheral, device, "access")
            access = ACCESS[access.value] if access is not None else "rw"
            fields = []
            for field in register.fields or []:
                field_access = ACCESS[field.access.value] if field.access is not None else access
                enums = []
                for group in field.enumerated_values or []:
                    enums += [[value.name, value.value] for value in group.enumerated_values]
                high = field.bit_offset + field.bit_width - 1
                fields.append({"name": field.name, "bits": f"{high}:{field.bit_offset}",
                               "access": field_access, "enums": enums})
            print(json.dumps({
                "address": peripheral.base_address + register.address_offset,
                "width": inherited(register, peripheral, device, "size"),
                "access": access,
                "reset": inherited(register, peripheral, device, "reset_value"),
                "fields": fields,
            }, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
