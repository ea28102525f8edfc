from portcullis_kit.runtime import main
from registry.bootstrap import bootstrap
from registry.settings import RegistrySettings

if __name__ == "__main__":
    main(RegistrySettings, bootstrap)
